// The prologues that adapt each C calling convention SciPy uses to the
// formula's body: where the variables and parameters come from, which calls
// must fail instead of reading past a buffer, and where results go.
#include "codegen/module_emitter.hpp"

#include "codegen/loop.hpp"

#include <llcjit/errors.hpp>

#include <llvm/IR/Verifier.h>
#include <llvm/Support/raw_ostream.h>

#include <fmt/format.h>

namespace llcjit::codegen {

namespace {

// The entry point that holds the formula's code when a kind has several:
// the others adapt their arguments and tail-call it, so the formula is
// optimised and compiled once. Not inlined into them, for the same reason.
void make_primary(llvm::Function *function) { function->addFnAttr(llvm::Attribute::NoInline); }

// Streaming stores need an output whose elements lie side by side.
bool is_contiguous_output(const FilterLayout &layout) {
  return layout.output_step == static_cast<std::ptrdiff_t>(item_size(layout.output_type));
}

// Entry points that loop over many points per call, where vectors live
// long enough to be spilled; the others take one point per call and would
// pay for the realignment on every call.
bool runs_a_loop(Entry entry) {
  return entry == Entry::Batch || entry == Entry::FilterRows ||
         entry == Entry::FilterRowsStreaming || entry == Entry::TransformRows ||
         entry == Entry::Filter1D;
}

} // namespace

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
  case Kind::NQuad: nquad_array(nquad_array_user_data()); break;
  case Kind::Filter:
    filter();
    if (analysis_.filter_layout) {
      filter_rows(*analysis_.filter_layout, Entry::FilterRows);
      if (is_contiguous_output(*analysis_.filter_layout))
        filter_rows(*analysis_.filter_layout, Entry::FilterRowsStreaming);
    }
    break;
  case Kind::Filter1D: filter1d(); break;
  case Kind::Transform:
    transform();
    transform_rows();
    break;
  }
  return finish();
}

EmittedModule ModuleEmitter::finish() {
  std::string problems;
  llvm::raw_string_ostream stream(problems);
  if (llvm::verifyModule(*module_, &stream))
    throw JitError("llcjit generated invalid IR (a bug; please report it "
                   "with the formula): " +
                   problems);
  return {std::move(module_), std::move(symbols_)};
}

llvm::Function *ModuleEmitter::define(Entry entry, llvm::Type *result,
                                      const std::vector<llvm::Type *> &parameters) {
  const auto index = static_cast<std::size_t>(entry);
  symbols_[index] = fmt::format("{}entry{}", prefix_, index);
  auto *function =
      llvm::Function::Create(llvm::FunctionType::get(result, parameters, false),
                             llvm::Function::ExternalLinkage, symbols_[index], module_.get());
  function->addFnAttr(llvm::Attribute::NoUnwind);
  // A loop keeps vectors in spill slots. Unless the prologue aligns the
  // stack, LLVM decides that only after reserving registers, too late to
  // realign, and spills 32- and 64-byte vectors to slots aligned to 16:
  // in a process whose thread stack lay 16 bytes off, half of them split
  // cache lines and a 5x5 float32 median ran 4x slower.
  if (runs_a_loop(entry))
    function->addFnAttr(llvm::Attribute::getWithStackAlignment(context_, llvm::Align(64)));
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
    values.push_back(builder_.CreateLoad(double_,
                                         builder_.CreateConstInBoundsGEP1_64(double_, pointer, i),
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
  return parameter_count() == 0 ? builder_.getTrue() : builder_.CreateIsNotNull(user_data);
}

llvm::Value *ModuleEmitter::size_matches(llvm::Value *size) {
  if (!analysis_.values_size)
    return builder_.CreateICmpSGE(size, builder_.getInt64(0));
  return builder_.CreateICmpEQ(size, builder_.getInt64(*analysis_.values_size));
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
                                      const std::vector<llvm::Value *> &arguments) {
  llvm::CallInst *call = builder_.CreateCall(callee, arguments);
  call->setTailCall();
  return call;
}

// double (double x): a quad integrand without parameters.
void ModuleEmitter::scalar(llvm::Function *primary) {
  llvm::Function *f = define(Entry::Scalar, double_, {double_});
  builder_.CreateRet(tail_call(primary, {f->getArg(0), llvm::ConstantPointerNull::get(
                                                           llvm::PointerType::get(context_, 0))}));
}

// double (int n, double *xx [, void *user_data]): xx[0] is x and, as scipy's
// `args`, xx[1..] the parameters. With user_data, the parameters come from it
// instead when it is not null. NaN unless n is exactly what the formula
// reads: fewer would read past xx, and more would be `args` silently
// ignored (a wrong value, where NaN makes SciPy warn).
void ModuleEmitter::quad_array(llvm::Function *primary, bool with_user_data) {
  std::vector<llvm::Type *> parameters = {int_, ptr_};
  if (with_user_data)
    parameters.push_back(ptr_);
  llvm::Function *f =
      define(with_user_data ? Entry::ArrayUserData : Entry::Array, double_, parameters);
  llvm::Value *n = f->getArg(0);
  llvm::Value *xx = f->getArg(1);
  llvm::Value *args = builder_.CreateConstInBoundsGEP1_64(double_, xx, 1);
  llvm::Value *parameter_pointer = args;
  llvm::Value *all_in_xx = exactly(n, 1 + parameter_count());
  if (with_user_data) {
    llvm::Value *given = builder_.CreateIsNotNull(f->getArg(2));
    guard(builder_.CreateSelect(given, exactly(n, 1), all_in_xx), nan_of(double_));
    parameter_pointer = builder_.CreateSelect(given, f->getArg(2), args);
  } else {
    guard(all_in_xx, nan_of(double_));
  }
  llvm::Value *x = builder_.CreateLoad(double_, xx);
  builder_.CreateRet(tail_call(primary, {x, parameter_pointer}));
}

// double (int n, double *xx, void *user_data): xx holds the variables,
// innermost first; the parameters come from user_data, or when it is null
// from xx after the variables. NaN unless n is exactly that many.
llvm::Function *ModuleEmitter::nquad_array_user_data() {
  llvm::Function *f = define(Entry::ArrayUserData, double_, {int_, ptr_, ptr_});
  make_primary(f);
  llvm::Value *n = f->getArg(0);
  llvm::Value *xx = f->getArg(1);
  llvm::Value *given = builder_.CreateIsNotNull(f->getArg(2));
  guard(builder_.CreateSelect(given, exactly(n, variable_count()),
                              exactly(n, variable_count() + parameter_count())),
        nan_of(double_));
  llvm::Value *parameter_pointer = builder_.CreateSelect(
      given, f->getArg(2), builder_.CreateConstInBoundsGEP1_64(double_, xx, variable_count()));
  BodyInputs inputs;
  for (std::size_t i = 0; i < variable_count(); ++i)
    inputs.variables.push_back(
        builder_.CreateLoad(double_, builder_.CreateConstInBoundsGEP1_64(double_, xx, i)));
  inputs.parameters = load_parameters(parameter_pointer);
  builder_.CreateRet(result_of(inputs));
  return f;
}

// double (int n, double *xx): the variables then the parameters in xx,
// exactly.
void ModuleEmitter::nquad_array(llvm::Function *primary) {
  llvm::Function *f = define(Entry::Array, double_, {int_, ptr_});
  llvm::Value *n = f->getArg(0);
  llvm::Value *xx = f->getArg(1);
  guard(exactly(n, variable_count() + parameter_count()), nan_of(double_));
  // The primary sees the parameters as a user_data, so only the variables
  // in xx.
  builder_.CreateRet(
      tail_call(primary, {builder_.getInt32(variable_count()), xx,
                          builder_.CreateConstInBoundsGEP1_64(double_, xx, variable_count())}));
}

// int (intptr_t *output_coordinates, double *input_coordinates,
//      int output_rank, int input_rank, void *user_data): 0 when the ranks
// are not the formula's.
void ModuleEmitter::transform() {
  llvm::Function *f = define(Entry::Transform, int_, {ptr_, ptr_, int_, int_, ptr_});
  llvm::Value *ok = builder_.CreateAnd(
      {builder_.CreateICmpEQ(f->getArg(2), builder_.getInt32(variable_count())),
       builder_.CreateICmpEQ(f->getArg(3), builder_.getInt32(analysis_.result_arity)),
       has_user_data(f->getArg(4))});
  guard(ok, builder_.getInt32(0));
  BodyInputs inputs;
  for (std::size_t i = 0; i < variable_count(); ++i)
    inputs.variables.push_back(builder_.CreateSIToFP(
        builder_.CreateLoad(intptr_, builder_.CreateConstInBoundsGEP1_64(intptr_, f->getArg(0), i)),
        double_));
  inputs.parameters = load_parameters(f->getArg(4));
  const std::vector<llvm::Value *> coordinates = emit_body(builder_, program_, analysis_, inputs);
  for (std::size_t i = 0; i < coordinates.size(); ++i)
    builder_.CreateStore(coordinates[i],
                         builder_.CreateConstInBoundsGEP1_64(double_, f->getArg(1), i));
  builder_.CreateRet(builder_.getInt32(1));
}

// void (const intptr_t *start, intptr_t count, double *coordinates,
//       const double *params): the formula at `count` output points from
// `start` along the last axis, each input coordinate in a block of its own
// (coordinate k of point i at coordinates[k * count + i]), so that the loop
// vectorises across points. The drivers check the ranks before calling.
void ModuleEmitter::transform_rows() {
  llvm::Function *f = define(Entry::TransformRows, void_, {ptr_, intptr_, ptr_, ptr_});
  llvm::Value *count = f->getArg(1);
  llvm::Value *coordinates = f->getArg(2);
  BodyInputs inputs;
  inputs.parameters = load_parameters(f->getArg(3));
  std::vector<llvm::Value *> outer;
  for (std::size_t i = 0; i < variable_count(); ++i)
    outer.push_back(builder_.CreateLoad(
        intptr_, builder_.CreateConstInBoundsGEP1_64(intptr_, f->getArg(0), i)));
  emit_loop(builder_, count, {}, [&](llvm::Value *i, const std::vector<llvm::Value *> &) {
    inputs.variables.clear();
    for (std::size_t axis = 0; axis < outer.size(); ++axis) {
      llvm::Value *index = outer[axis];
      if (axis + 1 == outer.size())
        index = builder_.CreateAdd(index, i, "", true, true);
      inputs.variables.push_back(builder_.CreateSIToFP(index, double_));
    }
    const std::vector<llvm::Value *> results = emit_body(builder_, program_, analysis_, inputs);
    for (std::size_t k = 0; k < results.size(); ++k) {
      llvm::Value *at = builder_.CreateAdd(
          builder_.CreateMul(count, builder_.getInt64(k), "", true, true), i, "", true, true);
      builder_.CreateStore(results[k], builder_.CreateInBoundsGEP(double_, coordinates, at));
    }
    return std::vector<llvm::Value *>{};
  });
  builder_.CreateRetVoid();
}

std::array<bool, kEntryCount> scipy_entry_points(const frontend::Analysis &analysis) {
  std::array<bool, kEntryCount> present{};
  auto add = [&](Entry entry) { present[static_cast<std::size_t>(entry)] = true; };
  switch (analysis.kind) {
  case Kind::Quad:
    add(Entry::ScalarUserData);
    if (analysis.parameters.empty())
      add(Entry::Scalar);
    add(Entry::Array);
    add(Entry::ArrayUserData);
    break;
  case Kind::NQuad:
    add(Entry::ArrayUserData);
    add(Entry::Array);
    break;
  case Kind::Filter:
    add(Entry::Filter);
    if (analysis.filter_layout) {
      add(Entry::FilterRows);
      if (is_contiguous_output(*analysis.filter_layout))
        add(Entry::FilterRowsStreaming);
    }
    break;
  case Kind::Filter1D: add(Entry::Filter1D); break;
  case Kind::Transform:
    add(Entry::Transform);
    add(Entry::TransformRows);
    break;
  }
  return present;
}

EmittedModule emit_module(const frontend::Program &program, const frontend::Analysis &analysis,
                          llvm::LLVMContext &context, std::string_view prefix, EntryGroup group,
                          BatchMath math) {
  return ModuleEmitter(program, analysis, context, prefix, math).run(group);
}

} // namespace llcjit::codegen
