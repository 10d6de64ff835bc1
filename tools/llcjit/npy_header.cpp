// The definitions of npy_header.hpp: the header of a .npy file.
#include "npy_header.hpp"

#include <llcjit/errors.hpp>

#include <cctype>
#include <limits>

#include <fmt/format.h>

namespace llcjit::tool {

namespace {

// NPY_MAXDIMS of Debian 12's NumPy (1.24): the most axes an array it loads
// may have.
constexpr std::size_t kNumpyMaxAxes = 32;

// A recursive-descent reader of the few Python literals a header holds.
class HeaderReader {
public:
  explicit HeaderReader(std::string_view text) : text_(text) {}

  NpyHeader read() {
    NpyHeader header;
    bool has_descr = false, has_order = false, has_shape = false;
    expect('{');
    while (!at('}')) {
      const std::size_t key_at = position_;
      const std::string key = string();
      expect(':');
      if (key == "descr" && !has_descr) {
        if (at('['))
          fail("structured dtypes (a list as 'descr') are not supported");
        header.descr = string();
        has_descr = true;
      } else if (key == "fortran_order" && !has_order) {
        header.fortran_order = boolean();
        has_order = true;
      } else if (key == "shape" && !has_shape) {
        header.shape = shape();
        has_shape = true;
      } else {
        position_ = key_at;
        fail(fmt::format("unexpected key '{}'", key));
      }
      if (!at('}'))
        expect(',');
    }
    expect('}');
    skip_blanks();
    if (position_ != text_.size())
      fail("text after the dict");
    if (!(has_descr && has_order && has_shape))
      fail("the dict needs the keys 'descr', 'fortran_order' and 'shape'");
    return header;
  }

private:
  [[noreturn]] void fail(const std::string &what) const {
    throw UsageError(fmt::format("invalid .npy header: {} (at byte {})", what, position_));
  }

  void skip_blanks() {
    while (position_ < text_.size() &&
           (text_[position_] == ' ' || text_[position_] == '\t' || text_[position_] == '\n'))
      ++position_;
  }

  // Whether the next character, after blanks, is `c`.
  bool at(char c) {
    skip_blanks();
    return position_ < text_.size() && text_[position_] == c;
  }

  void expect(char c) {
    if (!at(c))
      fail(fmt::format("expected '{}'", c));
    ++position_;
  }

  std::string string() {
    skip_blanks();
    if (position_ >= text_.size() || (text_[position_] != '\'' && text_[position_] != '"'))
      fail("expected a quoted string");
    const char quote = text_[position_++];
    const std::size_t end = text_.find(quote, position_);
    if (end == std::string_view::npos)
      fail("unterminated string");
    std::string value(text_.substr(position_, end - position_));
    for (char c : value)
      if (c == '\\' || !std::isprint(static_cast<unsigned char>(c)))
        fail("unexpected character in a string");
    position_ = end + 1;
    return value;
  }

  bool boolean() {
    skip_blanks();
    for (const auto &[word, value] : {std::pair{"True", true}, std::pair{"False", false}}) {
      const std::string_view w(word);
      if (text_.substr(position_, w.size()) == w) {
        position_ += w.size();
        return value;
      }
    }
    fail("expected True or False");
  }

  std::ptrdiff_t extent() {
    skip_blanks();
    if (position_ >= text_.size() || !std::isdigit(static_cast<unsigned char>(text_[position_])))
      fail("a shape holds non-negative integers");
    std::ptrdiff_t value = 0;
    while (position_ < text_.size() && std::isdigit(static_cast<unsigned char>(text_[position_]))) {
      const int digit = text_[position_++] - '0';
      if (value > (std::numeric_limits<std::ptrdiff_t>::max() - digit) / 10)
        fail("an extent of the shape is too large");
      value = value * 10 + digit;
    }
    return value;
  }

  // A tuple: (), (n,), (n, m) or (n, m,).
  std::vector<std::ptrdiff_t> shape() {
    std::vector<std::ptrdiff_t> extents;
    expect('(');
    bool comma = false;
    while (!at(')')) {
      extents.push_back(extent());
      comma = false;
      if (at(')'))
        break;
      expect(',');
      comma = true;
    }
    // (n) is n in Python, not a tuple; NumPy refuses it.
    if (extents.size() == 1 && !comma)
      fail("a 1-d shape is written (n,)");
    // An array NumPy cannot load would come out of a filter as one.
    if (extents.size() > kNumpyMaxAxes)
      fail(fmt::format("a shape of {} axes; NumPy's arrays have at most {}", extents.size(),
                       kNumpyMaxAxes));
    expect(')');
    return extents;
  }

  std::string_view text_;
  std::size_t position_ = 0;
};

} // namespace

NpyHeader parse_npy_header(std::string_view text) { return HeaderReader(text).read(); }

} // namespace llcjit::tool
