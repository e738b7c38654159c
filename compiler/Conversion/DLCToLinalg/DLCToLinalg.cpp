//===- DLCToLinalg.cpp - Lower dlc inference entry points to linalg -------===//

#include "Conversion/DLCToLinalg/Gradients.h"
#include "Conversion/Passes.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/IRMapping.h"
#include "mlir/Transforms/DialectConversion.h"

using namespace mlir;

namespace dlc {
#define GEN_PASS_DEF_CONVERTDLCTOLINALG
#include "Conversion/Passes.h.inc"
} // namespace dlc

using namespace dlc;

namespace dlc::lowering {

/// Replaces every dlc.call in `root` by a copy of its callee's body,
/// recursively (the verifier rules out recursion).
void inlineCalls(Operation *root, ModelOp model) {
  SmallVector<CallOp> calls;
  root->walk([&](CallOp call) { calls.push_back(call); });
  for (CallOp call : calls) {
    auto callee = cast<FuncOp>(
        mlir::SymbolTable::lookupSymbolIn(model, call.getCalleeAttr()));
    IRMapping mapping;
    Block &body = callee.getBody().front();
    mapping.map(body.getArguments(), call.getOperands());
    OpBuilder builder(call);
    SmallVector<Operation *> cloned;
    for (Operation &op : body.without_terminator())
      cloned.push_back(builder.clone(op, mapping));
    auto ret = cast<ReturnOp>(body.getTerminator());
    for (auto [result, value] : llvm::zip(call.getResults(), ret.getOperands()))
      result.replaceAllUsesWith(mapping.lookup(value));
    call.erase();
    for (Operation *op : cloned)
      inlineCalls(op, model);
  }
}

SmallVector<Attribute> paramsToArguments(func::FuncOp func) {
  Block *block = &func.getBody().front();
  llvm::MapVector<StringAttr, Value> params;
  SmallVector<ReadOp> reads;
  func.walk([&](ReadOp read) { reads.push_back(read); });
  for (ReadOp read : reads) {
    StringAttr param = read.getParamAttr().getAttr();
    auto it = params.find(param);
    if (it == params.end())
      it = params
               .insert(
                   {param, block->addArgument(read.getType(), read.getLoc())})
               .first;
    read.replaceAllUsesWith(it->second);
    read.erase();
  }
  SmallVector<Attribute> names;
  for (auto &entry : params)
    names.push_back(FlatSymbolRefAttr::get(entry.first));
  return names;
}

void markEntryPoint(func::FuncOp func, ModelOp model, StringRef entry,
                    ArrayRef<Attribute> params) {
  Builder b(func.getContext());
  func->setAttr(DLCDialect::ParamsAttrHelper::getNameStr(),
                b.getArrayAttr(params));
  func->setAttr(DLCDialect::ModelAttrHelper::getNameStr(),
                model.getSymNameAttr());
  func->setAttr(DLCDialect::EntryAttrHelper::getNameStr(),
                b.getStringAttr(entry));
  func->setAttr("llvm.emit_c_interface", b.getUnitAttr());
}

} // namespace dlc::lowering

namespace {
using namespace dlc::lowering;

/// Creates `<model>_<name>`: a copy of `body` (whose terminator returns
/// the results), calls inlined, with the parameters it reads appended to its
/// arguments in first-read order.
func::FuncOp outlineBody(ModelOp model, StringRef name, Location loc,
                         FunctionType type, Block &body, OpBuilder &builder) {
  auto func = func::FuncOp::create(
      builder, loc, (model.getSymName() + "_" + name).str(), type);
  Block *block = func.addEntryBlock();
  IRMapping mapping;
  mapping.map(body.getArguments(), block->getArguments());
  OpBuilder at = OpBuilder::atBlockEnd(block);
  for (Operation &op : body)
    at.clone(op, mapping);
  inlineCalls(func, model);
  // Parameters become arguments after the inputs.
  SmallVector<Attribute> names = paramsToArguments(func);
  SmallVector<Type> inputs(block->getArgumentTypes());
  func.setFunctionType(builder.getFunctionType(inputs, type.getResults()));
  markEntryPoint(func, model, name, names);
  Operation *terminator = block->getTerminator();
  OpBuilder atEnd(terminator);
  func::ReturnOp::create(atEnd, terminator->getLoc(),
                         terminator->getOperands());
  terminator->erase();
  return func;
}

/// Creates `<model>_<entry>` for an inference entry point.
void outlineEntryPoint(ModelOp model, FuncOp entry, OpBuilder &builder) {
  outlineBody(model, entry.getSymName(), entry.getLoc(),
              entry.getFunctionType(), entry.getBody().front(), builder);
}

/// Creates `<model>_<step>_evaluate`: the training step's forward pass,
/// returning its loss and metrics without updating anything (validation).
void outlineEvaluation(ModelOp model, TrainOp step, OpBuilder &builder) {
  auto minimize = cast<MinimizeOp>(step.getBody().front().getTerminator());
  FunctionType type = builder.getFunctionType(
      step.getArgumentTypes(), ValueRange(minimize.getOperands()).getTypes());
  func::FuncOp func =
      outlineBody(model, step.getEvaluationName(), step.getLoc(), type,
                  step.getBody().front(), builder);
  func->setAttr(DLCDialect::EvaluatesAttrHelper::getNameStr(),
                step.getSymNameAttr());
}

struct ConvertDLCToLinalgPass
    : public dlc::impl::ConvertDLCToLinalgBase<ConvertDLCToLinalgPass> {
  using ConvertDLCToLinalgBase::ConvertDLCToLinalgBase;

  void getDependentDialects(DialectRegistry &registry) const override {
    ConvertDLCToLinalgBase::getDependentDialects(registry);
    registerGradientInterfaces(registry);
  }

  void runOnOperation() override {
    ModuleOp module = getOperation();
    SmallVector<ModelOp> models(module.getOps<ModelOp>());
    OpBuilder builder(module.getContext());
    for (ModelOp model : models) {
      builder.setInsertionPoint(model);
      for (FuncOp entry : model.getFuncs())
        if (entry.isPublic())
          outlineEntryPoint(model, entry, builder);
      for (TrainOp step : model.getTrainSteps())
        outlineEvaluation(model, step, builder);
      if (trainSteps)
        for (TrainOp step : model.getTrainSteps())
          if (failed(outlineTrainStep(model, step, builder, stepHalves)))
            return signalPassFailure();
    }
    for (ModelOp model : models)
      model.erase();

    RewritePatternSet patterns(&getContext());
    lowering::populateDenseLoweringPatterns(patterns);
    lowering::populateConvLoweringPatterns(patterns);
    lowering::populatePoolLoweringPatterns(patterns);
    lowering::populateShapeLoweringPatterns(patterns);
    lowering::populateActivationLoweringPatterns(patterns);
    lowering::populateRecurrentLoweringPatterns(patterns);
    lowering::populateLossLoweringPatterns(patterns);
    ConversionTarget target(getContext());
    target.addIllegalDialect<DLCDialect>();
    target.addLegalDialect<arith::ArithDialect, linalg::LinalgDialect,
                           math::MathDialect, scf::SCFDialect,
                           tensor::TensorDialect, func::FuncDialect>();
    if (failed(applyPartialConversion(module, target, std::move(patterns))))
      signalPassFailure();
  }
};

} // namespace
