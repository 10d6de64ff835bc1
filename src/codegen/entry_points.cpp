// The prologues that adapt each C calling convention SciPy uses to the
// formula's body: where the variables and parameters come from, which calls
// must fail instead of reading past a buffer, and where results go.
#include "codegen/codegen.hpp"

#include "codegen/body.hpp"
#include "codegen/loop.hpp"

#include <llcjit/errors.hpp>

#include <llvm/IR/IRBuilder.h>
#include <llvm/IR/MDBuilder.h>
#include <llvm/IR/Module.h>
#include <llvm/IR/Verifier.h>
#include <llvm/Support/raw_ostream.h>

#include <limits>

#include <fmt/format.h>

namespace llcjit::codegen {

namespace {

class ModuleEmitter {
public:
  ModuleEmitter(const frontend::Program &program,
                const frontend::Analysis &analysis, llvm::LLVMContext &context,
                std::string_view prefix, BatchMath math)
      : program_(program), analysis_(analysis), context_(context),
        prefix_(prefix), math_(math), builder_(context),
        module_(std::make_unique<llvm::Module>(fmt::format("{}module", prefix),
                                               context)) {}

  EmittedModule run(EntryGroup group);

private:
  EmittedModule finish();
  llvm::Function *scalar_user_data();
  void scalar(llvm::Function *primary);
  void quad_array(llvm::Function *primary, bool with_user_data);
  llvm::Function *nquad_array_user_data();
  void nquad_array(llvm::Function *primary);
  void batch();
  void batch_calling_point();
  void filter();
  void filter_rows(const FilterLayout &layout, Entry entry);
  void filter1d();
  void transform();

  llvm::Function *define(Entry entry, llvm::Type *result,
                         std::vector<llvm::Type *> parameters);
  std::vector<llvm::Value *> load_parameters(llvm::Value *pointer);
  llvm::Value *result_of(const BodyInputs &inputs) {
    return emit_body(builder_, program_, analysis_, inputs)[0];
  }
  // Branches to a block returning `failure` unless `ok` holds.
  void guard(llvm::Value *ok, llvm::Value *failure);
  llvm::Value *has_user_data(llvm::Value *user_data);
  llvm::Value *at_least(llvm::Value *n, std::size_t count) {
    return builder_.CreateICmpSGE(n, builder_.getInt32(count));
  }
  llvm::Value *tail_call(llvm::Function *callee, std::vector<llvm::Value *> arguments);
  llvm::Value *size_matches(llvm::Value *size);

  std::size_t parameter_count() const { return analysis_.parameters.size(); }
  std::size_t variable_count() const { return analysis_.variables.size(); }

  const frontend::Program &program_;
  const frontend::Analysis &analysis_;
  llvm::LLVMContext &context_;
  std::string_view prefix_;
  BatchMath math_;
  llvm::IRBuilder<> builder_;
  std::unique_ptr<llvm::Module> module_;
  std::array<std::string, kEntryCount> symbols_;

  llvm::Type *double_ = builder_.getDoubleTy();
  llvm::Type *int_ = builder_.getInt32Ty();
  llvm::Type *intptr_ = builder_.getInt64Ty();
  llvm::Type *ptr_ = builder_.getPtrTy();
  llvm::Type *void_ = builder_.getVoidTy();
};

EmittedModule ModuleEmitter::run(EntryGroup group) {
  if (group == EntryGroup::Batch) {
    if (analysis_.kind != Kind::Quad)
      throw std::logic_error("only quad integrands have a batch entry point");
    batch();
    return finish();
  }
  switch (analysis_.kind) {
  case Kind::Quad: {
    llvm::Function *primary = scalar_user_data();
    if (parameter_count() == 0)
      scalar(primary);
    quad_array(primary, false);
    quad_array(primary, true);
    break;
  }
  case Kind::NQuad:
    nquad_array(nquad_array_user_data());
    break;
  case Kind::Filter:
    filter();
    if (analysis_.filter_layout) {
      filter_rows(*analysis_.filter_layout, Entry::FilterRows);
      if (analysis_.filter_layout->output_step == sizeof(double))
        filter_rows(*analysis_.filter_layout, Entry::FilterRowsStreaming);
    }
    break;
  case Kind::Filter1D:
    filter1d();
    break;
  case Kind::Transform:
    transform();
    break;
  }
  return finish();
}

EmittedModule ModuleEmitter::finish() {
  std::string problems;
  llvm::raw_string_ostream stream(problems);
  if (llvm::verifyModule(*module_, &stream))
    throw JitError("llcjit generated invalid IR (a bug; please report it "
                   "with the formula): " + problems);
  return {std::move(module_), std::move(symbols_)};
}

llvm::Function *ModuleEmitter::define(Entry entry, llvm::Type *result,
                                      std::vector<llvm::Type *> parameters) {
  const auto index = static_cast<std::size_t>(entry);
  symbols_[index] = fmt::format("{}entry{}", prefix_, index);
  auto *function = llvm::Function::Create(
      llvm::FunctionType::get(result, parameters, false),
      llvm::Function::ExternalLinkage, symbols_[index], module_.get());
  function->addFnAttr(llvm::Attribute::NoUnwind);
  // SciPy and the drivers hand us separate buffers; saying so lets loads of
  // parameters leave the loops and the batch loop vectorise.
  for (llvm::Argument &argument : function->args())
    if (argument.getType()->isPointerTy())
      argument.addAttr(llvm::Attribute::NoAlias);
  builder_.SetInsertPoint(llvm::BasicBlock::Create(context_, "entry", function));
  return function;
}

std::vector<llvm::Value *> ModuleEmitter::load_parameters(llvm::Value *pointer) {
  std::vector<llvm::Value *> values;
  for (std::size_t i = 0; i < parameter_count(); ++i)
    values.push_back(builder_.CreateLoad(
        double_, builder_.CreateConstInBoundsGEP1_64(double_, pointer, i),
        analysis_.parameters[i]));
  return values;
}

void ModuleEmitter::guard(llvm::Value *ok, llvm::Value *failure) {
  llvm::Function *function = builder_.GetInsertBlock()->getParent();
  auto *pass = llvm::BasicBlock::Create(context_, "ok", function);
  auto *fail = llvm::BasicBlock::Create(context_, "fail", function);
  builder_.CreateCondBr(ok, pass, fail);
  builder_.SetInsertPoint(fail);
  builder_.CreateRet(failure);
  builder_.SetInsertPoint(pass);
}

llvm::Value *ModuleEmitter::has_user_data(llvm::Value *user_data) {
  return parameter_count() == 0 ? builder_.getTrue()
                                : builder_.CreateIsNotNull(user_data);
}

llvm::Value *ModuleEmitter::size_matches(llvm::Value *size) {
  if (!analysis_.values_size)
    return builder_.CreateICmpSGE(size, builder_.getInt64(0));
  return builder_.CreateICmpEQ(size, builder_.getInt64(*analysis_.values_size));
}

llvm::Value *nan_of(llvm::Type *type) {
  return llvm::ConstantFP::get(type, std::numeric_limits<double>::quiet_NaN());
}

// The entry point that holds the formula's code when a kind has several:
// the others adapt their arguments and tail-call it, so the formula is
// optimised and compiled once. Not inlined into them, for the same reason.
void make_primary(llvm::Function *function) {
  function->addFnAttr(llvm::Attribute::NoInline);
}

// double (double x, void *user_data): parameters from user_data.
llvm::Function *ModuleEmitter::scalar_user_data() {
  llvm::Function *f = define(Entry::ScalarUserData, double_, {double_, ptr_});
  make_primary(f);
  guard(has_user_data(f->getArg(1)), nan_of(double_));
  builder_.CreateRet(
      result_of({.variables = {f->getArg(0)}, .parameters = load_parameters(f->getArg(1))}));
  return f;
}

llvm::Value *ModuleEmitter::tail_call(llvm::Function *callee,
                                      std::vector<llvm::Value *> arguments) {
  llvm::CallInst *call = builder_.CreateCall(callee, arguments);
  call->setTailCall();
  return call;
}

// double (double x): a quad integrand without parameters.
void ModuleEmitter::scalar(llvm::Function *primary) {
  llvm::Function *f = define(Entry::Scalar, double_, {double_});
  builder_.CreateRet(
      tail_call(primary, {f->getArg(0), llvm::ConstantPointerNull::get(
                                            llvm::PointerType::get(context_, 0))}));
}

// double (int n, double *xx [, void *user_data]): xx[0] is x and, as scipy's
// `args`, xx[1..] the parameters. With user_data, the parameters come from it
// instead when it is not null. NaN rather than a read past xx when n is too
// small.
void ModuleEmitter::quad_array(llvm::Function *primary, bool with_user_data) {
  std::vector<llvm::Type *> parameters = {int_, ptr_};
  if (with_user_data)
    parameters.push_back(ptr_);
  llvm::Function *f = define(with_user_data ? Entry::ArrayUserData : Entry::Array,
                             double_, parameters);
  llvm::Value *xx = f->getArg(1);
  llvm::Value *args = builder_.CreateConstInBoundsGEP1_64(double_, xx, 1);
  llvm::Value *parameter_pointer = args;
  llvm::Value *enough_args = at_least(f->getArg(0), 1 + parameter_count());
  if (with_user_data) {
    llvm::Value *given = builder_.CreateIsNotNull(f->getArg(2));
    guard(builder_.CreateAnd(at_least(f->getArg(0), 1),
                             builder_.CreateOr(given, enough_args)),
          nan_of(double_));
    parameter_pointer = builder_.CreateSelect(given, f->getArg(2), args);
  } else {
    guard(enough_args, nan_of(double_));
  }
  llvm::Value *x = builder_.CreateLoad(double_, xx);
  builder_.CreateRet(tail_call(primary, {x, parameter_pointer}));
}

// double (int n, double *xx, void *user_data): xx holds the variables,
// innermost first; the parameters come from user_data, or when it is null
// from xx after the variables.
llvm::Function *ModuleEmitter::nquad_array_user_data() {
  llvm::Function *f = define(Entry::ArrayUserData, double_, {int_, ptr_, ptr_});
  make_primary(f);
  llvm::Value *n = f->getArg(0);
  llvm::Value *xx = f->getArg(1);
  llvm::Value *given = builder_.CreateIsNotNull(f->getArg(2));
  guard(builder_.CreateAnd(
            at_least(n, variable_count()),
            builder_.CreateOr(given, at_least(n, variable_count() + parameter_count()))),
        nan_of(double_));
  llvm::Value *parameter_pointer = builder_.CreateSelect(
      given, f->getArg(2),
      builder_.CreateConstInBoundsGEP1_64(double_, xx, variable_count()));
  BodyInputs inputs;
  for (std::size_t i = 0; i < variable_count(); ++i)
    inputs.variables.push_back(builder_.CreateLoad(
        double_, builder_.CreateConstInBoundsGEP1_64(double_, xx, i)));
  inputs.parameters = load_parameters(parameter_pointer);
  builder_.CreateRet(result_of(inputs));
  return f;
}

// double (int n, double *xx): the variables then the parameters in xx.
void ModuleEmitter::nquad_array(llvm::Function *primary) {
  llvm::Function *f = define(Entry::Array, double_, {int_, ptr_});
  llvm::Value *n = f->getArg(0);
  llvm::Value *xx = f->getArg(1);
  guard(at_least(n, variable_count() + parameter_count()), nan_of(double_));
  builder_.CreateRet(tail_call(
      primary,
      {n, xx, builder_.CreateConstInBoundsGEP1_64(double_, xx, variable_count())}));
}

// void (const double *x, double *y, size_t n, const double *params)
void ModuleEmitter::batch() {
  if (math_.call_per_point) {
    batch_calling_point();
    return;
  }
  llvm::Function *f = define(Entry::Batch, void_, {ptr_, ptr_, intptr_, ptr_});
  llvm::Value *x = f->getArg(0);
  llvm::Value *y = f->getArg(1);
  const std::vector<llvm::Value *> parameters = load_parameters(f->getArg(3));
  // The batch loop is where a quad driver spends its time, and it is
  // compiled once, on first use: worth the guards.
  const ExpLowering libm_exp = math_.vector_math ? ExpLowering::Select : ExpLowering::Branch;
  auto point = [&](llvm::Value *i, ExpLowering exp, llvm::Value *needs_libm) {
    llvm::Value *xi = builder_.CreateLoad(double_, builder_.CreateInBoundsGEP(double_, x, i));
    const BodyInputs inputs{
        .variables = {xi}, .parameters = parameters, .exp = exp, .needs_libm = needs_libm};
    builder_.CreateStore(result_of(inputs), builder_.CreateInBoundsGEP(double_, y, i));
  };
  if (!math_.inline_exp) {
    emit_loop(builder_, f->getArg(2), {},
              [&](llvm::Value *i, const std::vector<llvm::Value *> &) {
                point(i, libm_exp, nullptr);
                return std::vector<llvm::Value *>{};
              });
    builder_.CreateRetVoid();
    return;
  }
  // Chunks of 64 points: a vectorised loop with exp inline notes in a mask
  // the points where some exp needs libm, and a scalar loop recomputes those.
  constexpr std::int64_t kChunk = 64;
  llvm::Value *needs_libm = builder_.CreateAlloca(builder_.getInt1Ty());
  llvm::Value *n = f->getArg(2);
  llvm::Value *chunks = builder_.CreateUDiv(builder_.CreateAdd(n, builder_.getInt64(kChunk - 1)),
                                            builder_.getInt64(kChunk));
  emit_loop(builder_, chunks, {}, [&](llvm::Value *chunk, const std::vector<llvm::Value *> &) {
    llvm::Value *start = builder_.CreateMul(chunk, builder_.getInt64(kChunk), "", true, true);
    llvm::Value *count = builder_.CreateBinaryIntrinsic(
        llvm::Intrinsic::smin, builder_.CreateSub(n, start), builder_.getInt64(kChunk));
    llvm::Value *mask = emit_loop(
        builder_, count, {builder_.getInt64(0)},
        [&](llvm::Value *j, const std::vector<llvm::Value *> &carried) {
          builder_.CreateStore(builder_.getFalse(), needs_libm);
          point(builder_.CreateAdd(start, j, "", true, true), ExpLowering::Inline, needs_libm);
          llvm::Value *bit = builder_.CreateShl(
              builder_.CreateZExt(builder_.CreateLoad(builder_.getInt1Ty(), needs_libm), intptr_),
              j);
          return std::vector<llvm::Value *>{builder_.CreateOr(carried[0], bit)};
        })[0];
    // Marked unlikely, so that the code generator keeps the vector loop's
    // constants in registers and spills them only around libm's calls.
    llvm::Function *function = builder_.GetInsertBlock()->getParent();
    auto *recompute = llvm::BasicBlock::Create(context_, "recompute", function);
    auto *chunk_end = llvm::BasicBlock::Create(context_, "chunk.end", function);
    builder_.CreateCondBr(builder_.CreateICmpNE(mask, builder_.getInt64(0)), recompute,
                          chunk_end, llvm::MDBuilder(context_).createUnlikelyBranchWeights());
    builder_.SetInsertPoint(recompute);
    emit_bit_loop(builder_, mask, [&](llvm::Value *j) {
      point(builder_.CreateAdd(start, j, "", true, true), libm_exp, nullptr);
    });
    builder_.CreateBr(chunk_end);
    builder_.SetInsertPoint(chunk_end);
    return std::vector<llvm::Value *>{};
  });
  builder_.CreateRetVoid();
}

// The batch entry point of a formula too large to be the body of one loop:
// the formula is a function of its own (not inlined) which the loop calls,
// so that LLVM compiles it once, as it does a scalar entry point, in time
// that grows with its size alone. The same operations, so the same bits.
void ModuleEmitter::batch_calling_point() {
  auto *point = llvm::Function::Create(llvm::FunctionType::get(double_, {double_, ptr_}, false),
                                       llvm::Function::InternalLinkage,
                                       fmt::format("{}point", prefix_), module_.get());
  point->addFnAttr(llvm::Attribute::NoUnwind);
  point->addFnAttr(llvm::Attribute::NoInline);
  builder_.SetInsertPoint(llvm::BasicBlock::Create(context_, "entry", point));
  // exp as a plain libm call, as the scalar entry points have it: each
  // guard would add blocks, and compile time.
  builder_.CreateRet(result_of(
      {.variables = {point->getArg(0)}, .parameters = load_parameters(point->getArg(1))}));

  llvm::Function *f = define(Entry::Batch, void_, {ptr_, ptr_, intptr_, ptr_});
  emit_loop(builder_, f->getArg(2), {}, [&](llvm::Value *i, const std::vector<llvm::Value *> &) {
    llvm::Value *xi = builder_.CreateLoad(double_, builder_.CreateInBoundsGEP(double_, f->getArg(0), i));
    builder_.CreateStore(builder_.CreateCall(point, {xi, f->getArg(3)}),
                         builder_.CreateInBoundsGEP(double_, f->getArg(1), i));
    return std::vector<llvm::Value *>{};
  });
  builder_.CreateRetVoid();
}

// int (double *buffer, intptr_t filter_size, double *return_value, void *user_data)
void ModuleEmitter::filter() {
  llvm::Function *f = define(Entry::Filter, int_, {ptr_, intptr_, ptr_, ptr_});
  llvm::Value *failure = builder_.getInt32(0);
  guard(builder_.CreateAnd(size_matches(f->getArg(1)), has_user_data(f->getArg(3))),
        failure);
  const BodyInputs inputs{.parameters = load_parameters(f->getArg(3)),
                          .values = f->getArg(0),
                          .size = f->getArg(1)};
  builder_.CreateStore(result_of(inputs), f->getArg(2));
  builder_.CreateRet(builder_.getInt32(1));
}

// void (const void *centre, void *output, intptr_t count, const double *params):
// the formula fused into the driver's loop over `count` output points, each
// reading its neighbourhood straight from the input at the layout's offsets.
// With the steps and offsets constants, the vectoriser turns the loop into
// one that computes several neighbouring output points at once. The
// streaming variant is the same loop; the optimiser makes its vector stores
// non-temporal once they exist (jit/streaming_stores.cpp).
void ModuleEmitter::filter_rows(const FilterLayout &layout, Entry entry) {
  llvm::Function *f = define(entry, void_, {ptr_, ptr_, intptr_, ptr_});
  if (entry == Entry::FilterRowsStreaming) {
    // The contract the optimiser's alignment inference starts from.
    f->addParamAttr(1, llvm::Attribute::getWithAlignment(context_, llvm::Align(64)));
    f->addFnAttr(kStreamingOutputAttribute);
  }
  llvm::Value *centre = f->getArg(0);
  llvm::Value *output = f->getArg(1);
  const std::vector<llvm::Value *> parameters = load_parameters(f->getArg(3));
  emit_loop(builder_, f->getArg(2), {},
            [&](llvm::Value *j, const std::vector<llvm::Value *> &) {
              auto at = [&](llvm::Value *base, std::ptrdiff_t step) {
                return builder_.CreateInBoundsGEP(
                    builder_.getInt8Ty(), base,
                    builder_.CreateMul(j, builder_.getInt64(step), "", true, true));
              };
              const BodyInputs inputs{.parameters = parameters,
                                      .values = at(centre, layout.input_step),
                                      .size = builder_.getInt64(layout.offsets.size()),
                                      .value_offsets = &layout.offsets};
              builder_.CreateAlignedStore(result_of(inputs),
                                          at(output, layout.output_step), llvm::Align(1));
              return std::vector<llvm::Value *>{};
            });
  builder_.CreateRetVoid();
}

// int (double *input_line, intptr_t input_length, double *output_line,
//      intptr_t output_length, void *user_data): one window per output point.
void ModuleEmitter::filter1d() {
  llvm::Function *f =
      define(Entry::Filter1D, int_, {ptr_, intptr_, ptr_, intptr_, ptr_});
  llvm::Value *input = f->getArg(0);
  llvm::Value *output = f->getArg(2);
  llvm::Value *output_length = f->getArg(3);
  llvm::Value *window = builder_.CreateAdd(
      builder_.CreateSub(f->getArg(1), output_length), builder_.getInt64(1));
  llvm::Value *ok = builder_.CreateAnd(
      {builder_.CreateICmpSGE(window, builder_.getInt64(1)), size_matches(window),
       builder_.CreateICmpSGE(output_length, builder_.getInt64(0)),
       has_user_data(f->getArg(4))});
  guard(ok, builder_.getInt32(0));
  const std::vector<llvm::Value *> parameters = load_parameters(f->getArg(4));
  emit_loop(builder_, output_length, {},
            [&](llvm::Value *j, const std::vector<llvm::Value *> &) {
              const BodyInputs inputs{.parameters = parameters,
                                      .values = builder_.CreateInBoundsGEP(double_, input, j),
                                      .size = window};
              builder_.CreateStore(result_of(inputs),
                                   builder_.CreateInBoundsGEP(double_, output, j));
              return std::vector<llvm::Value *>{};
            });
  builder_.CreateRet(builder_.getInt32(1));
}

// int (intptr_t *output_coordinates, double *input_coordinates,
//      int output_rank, int input_rank, void *user_data): 0 when the ranks
// are not the formula's.
void ModuleEmitter::transform() {
  llvm::Function *f =
      define(Entry::Transform, int_, {ptr_, ptr_, int_, int_, ptr_});
  llvm::Value *ok = builder_.CreateAnd(
      {builder_.CreateICmpEQ(f->getArg(2), builder_.getInt32(variable_count())),
       builder_.CreateICmpEQ(f->getArg(3), builder_.getInt32(analysis_.result_arity)),
       has_user_data(f->getArg(4))});
  guard(ok, builder_.getInt32(0));
  BodyInputs inputs;
  for (std::size_t i = 0; i < variable_count(); ++i)
    inputs.variables.push_back(builder_.CreateSIToFP(
        builder_.CreateLoad(intptr_,
                            builder_.CreateConstInBoundsGEP1_64(intptr_, f->getArg(0), i)),
        double_));
  inputs.parameters = load_parameters(f->getArg(4));
  const std::vector<llvm::Value *> coordinates =
      emit_body(builder_, program_, analysis_, inputs);
  for (std::size_t i = 0; i < coordinates.size(); ++i)
    builder_.CreateStore(coordinates[i], builder_.CreateConstInBoundsGEP1_64(
                                             double_, f->getArg(1), i));
  builder_.CreateRet(builder_.getInt32(1));
}

} // namespace

EmittedModule emit_module(const frontend::Program &program,
                          const frontend::Analysis &analysis,
                          llvm::LLVMContext &context, std::string_view prefix,
                          EntryGroup group, BatchMath math) {
  return ModuleEmitter(program, analysis, context, prefix, math).run(group);
}

} // namespace llcjit::codegen
