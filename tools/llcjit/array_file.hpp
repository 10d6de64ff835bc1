// Arrays the tool reads and writes: NumPy's .npy files, and PNG pictures.
#pragma once

#include <llcjit/dtype.hpp>
#include <llcjit/ndimage.hpp>

#include <cstddef>
#include <string>
#include <vector>

namespace llcjit::tool {

/// An array in memory, C order, in one of the dtypes llcjit's filters take.
struct Array {
  std::vector<std::ptrdiff_t> shape;
  DType dtype = DType::Float64;
  std::vector<std::byte> data;

  /// An uninitialised array of `shape` and `dtype`; UsageError for an
  /// impossible shape.
  static Array of(std::vector<std::ptrdiff_t> shape, DType dtype);
  std::size_t size() const { return data.size() / item_size(dtype); }
  ArrayView view() { return ArrayView::contiguous(data.data(), shape, dtype); }
  /// The elements as doubles (llcjit::convert).
  std::vector<double> values() const;
};

/// A .png file (by its extension) as a grey picture (uint8, or uint16 for
/// a 16-bit file), anything else as .npy in its own dtype. Throws
/// UsageError for a file it cannot read.
Array read_array(const std::string &path);
/// Throws UsageError unless `path` ends in .npy or .png (in any case), the
/// formats write_array chooses between, and Error (as a failed write) when
/// its directory does not exist: checked before the work, so that a typo
/// does not cost a whole filter.
void check_output_path(const std::string &path);

/// Writes .npy in the array's dtype, .png as grey: uint8 and uint16 arrays
/// as 8- and 16-bit pictures, any other dtype as 8-bit, values rounded and
/// clamped to 0..255. check_output_path's errors for any other path.
void write_array(const std::string &path, const Array &array);

} // namespace llcjit::tool
