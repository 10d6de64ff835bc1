// The definitions of glibc_exp.hpp: exp(x) inline, as the x86-64 glibc's FMA
// build computes it (glibc 2.28 and later, on CPUs with FMA and AVX2).
#include "codegen/glibc_exp.hpp"

#include <llvm/IR/Intrinsics.h>
#include <llvm/IR/Module.h>

#include <array>
#include <bit>
#include <cstdint>

namespace llcjit::codegen {

namespace {

// glibc's constants (sysdeps/ieee754/dbl-64/e_exp_data.c), as bits. With
// N = 128: exp(x) = 2^(k/N) * exp(r), x = k ln2/N + r, |r| <= ln2/2N.
constexpr std::uint64_t kInvLn2N = 0x40671547652b82fe;   // N / ln 2
constexpr std::uint64_t kNegLn2HiN = 0xbf762e42fefa0000; // -ln 2 / N, high bits
constexpr std::uint64_t kNegLn2LoN = 0xbd0cf79abc9e3b3a; // and the rest
constexpr std::uint64_t kShift = 0x4338000000000000;     // 0x1.8p52: rounds to an integer
// exp(r) - 1 ~= r + C2 r^2 + C3 r^3 + C4 r^4 + C5 r^5
constexpr std::uint64_t kC2 = 0x3fdffffffffffdbd;
constexpr std::uint64_t kC3 = 0x3fc555555555543c;
constexpr std::uint64_t kC4 = 0x3fa55555cf172b91;
constexpr std::uint64_t kC5 = 0x3f81111167a4d017;
constexpr unsigned kTableBits = 7;
constexpr std::size_t kEntries = std::size_t{1} << kTableBits;
constexpr std::uint64_t kInterleaved[2 * kEntries] = {
#include "codegen/exp_table.inc"
};
// glibc interleaves each entry's tail and scale; here the 128 tails come
// first, then the 128 scales, so that one vector of indices serves both
// gathers (the second at a fixed offset) with no arithmetic between them.
constexpr std::array<std::uint64_t, 2 * kEntries> kTable = [] {
  std::array<std::uint64_t, 2 * kEntries> table{};
  for (std::size_t i = 0; i < kEntries; ++i) {
    table[i] = kInterleaved[2 * i];
    table[kEntries + i] = kInterleaved[2 * i + 1];
  }
  return table;
}();

// glibc's fast path covers |x| < 512: exponent fields up to this one. Below
// 2^-54 glibc returns 1 + x, which the fast path also gives, bit for bit: k
// is 0, r is x, the table's first entry is 1, and fma(1, x, 1) is 1 + x.
constexpr std::uint64_t kLargestTop = 0x407;

llvm::GlobalVariable *table(llvm::Module &module) {
  constexpr const char *name = "llcjit.exp_table";
  if (llvm::GlobalVariable *existing = module.getGlobalVariable(name, true))
    return existing;
  llvm::Constant *data = llvm::ConstantDataArray::get(module.getContext(), llvm::ArrayRef(kTable));
  return new llvm::GlobalVariable(module, data->getType(), true, llvm::GlobalValue::PrivateLinkage,
                                  data, name);
}

} // namespace

InlineExp emit_glibc_exp(llvm::IRBuilder<> &b, llvm::Value *x) {
  llvm::Type *double_ = b.getDoubleTy();
  llvm::Type *int64 = b.getInt64Ty();
  auto constant = [&](std::uint64_t bits) {
    return llvm::ConstantFP::get(double_, std::bit_cast<double>(bits));
  };
  auto fma = [&](llvm::Value *a, llvm::Value *m, llvm::Value *c) {
    return b.CreateIntrinsic(llvm::Intrinsic::fma, {double_}, {a, m, c});
  };
  auto as_double = [&](llvm::Value *bits) { return b.CreateBitCast(bits, double_); };
  llvm::GlobalVariable *entries = table(*b.GetInsertBlock()->getModule());
  llvm::Value *scales = b.CreateConstInBoundsGEP1_64(int64, entries, kEntries);
  auto entry = [&](llvm::Value *part, llvm::Value *index) {
    return b.CreateLoad(int64, b.CreateInBoundsGEP(int64, part, index));
  };

  llvm::Value *top = b.CreateAnd(b.CreateLShr(b.CreateBitCast(x, int64), 52), 0x7ff);
  // kd = round(x N / ln 2), its integer in the low bits of ki.
  llvm::Value *shifted = fma(x, constant(kInvLn2N), constant(kShift));
  llvm::Value *ki = b.CreateBitCast(shifted, int64);
  llvm::Value *kd = b.CreateFSub(shifted, constant(kShift));
  llvm::Value *r = fma(kd, constant(kNegLn2HiN), x);
  r = fma(kd, constant(kNegLn2LoN), r);
  // 2^(k/N) ~= scale * (1 + tail)
  llvm::Value *index = b.CreateAnd(ki, kEntries - 1);
  llvm::Value *tail = as_double(entry(entries, index));
  llvm::Value *scale =
      as_double(b.CreateAdd(entry(scales, index), b.CreateShl(ki, 52 - kTableBits)));
  llvm::Value *r2 = b.CreateFMul(r, r);
  llvm::Value *tmp = fma(fma(r, constant(kC3), constant(kC2)), r2, b.CreateFAdd(tail, r));
  tmp = fma(b.CreateFMul(r2, r2), fma(r, constant(kC5), constant(kC4)), tmp);
  llvm::Value *fast = fma(scale, tmp, scale);

  llvm::Value *zero = llvm::ConstantFP::get(double_, 0.0);
  llvm::Value *underflows = b.CreateFCmpOLT(x, llvm::ConstantFP::get(double_, kExpIsZeroBelow));
  llvm::Value *value = b.CreateSelect(underflows, zero, fast);
  llvm::Value *special = b.CreateICmpUGT(top, llvm::ConstantInt::get(int64, kLargestTop));
  return {value, b.CreateAnd(special, b.CreateNot(underflows))};
}

} // namespace llcjit::codegen
