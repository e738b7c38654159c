//===- DialectTest.cpp - Building and verifying dlc IR from C++ -----------===//

#include "TestUtil.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/Verifier.h"

#include <gtest/gtest.h>

using namespace dlc;
using namespace mlir;

namespace {

TEST(Dialect, BuildsAVerifiedModelFromCxx) {
  MLIRContext context;
  context.loadDialect<DLCDialect>();
  OpBuilder builder(&context);
  Location loc = builder.getUnknownLoc();
  OwningOpRef<ModuleOp> module = ModuleOp::create(loc);
  builder.setInsertionPointToEnd(module->getBody());

  auto model = ModelOp::create(builder, loc, "tiny");
  builder.setInsertionPointToEnd(&model.getBody().front());
  auto f32 = builder.getF32Type();
  auto kernelType = RankedTensorType::get({3, 17}, f32);
  ParamOp::create(builder, loc, "w", kernelType,
                  GlorotUniformAttr::get(&context));

  auto inputType = RankedTensorType::get({ShapedType::kDynamic, 3}, f32);
  auto outputType = RankedTensorType::get({ShapedType::kDynamic, 17}, f32);
  auto func = FuncOp::create(builder, loc, "predict",
                             builder.getFunctionType({inputType},
                                                     {outputType}));
  Block *body = func.addEntryBlock();
  builder.setInsertionPointToStart(body);
  Value w = ReadOp::create(builder, loc, kernelType, "w");
  Value y = DenseOp::create(builder, loc, outputType, body->getArgument(0), w,
                            Value(), Activation::tanh);
  ReturnOp::create(builder, loc, ValueRange{y});
  EXPECT_TRUE(succeeded(verify(*module)));

  // A kernel of the wrong width is rejected with a message that names it.
  std::string diagnostics;
  ScopedDiagnosticHandler handler(&context, [&](Diagnostic &diag) {
    diagnostics += diag.str();
    return success();
  });
  auto badType = RankedTensorType::get({ShapedType::kDynamic, 16}, f32);
  y.setType(badType);
  EXPECT_TRUE(failed(verify(*module)));
  EXPECT_NE(diagnostics.find("expects result of shape ?x17"),
            std::string::npos)
      << diagnostics;
}

TEST(Dialect, OptimizerSlots) {
  MLIRContext context;
  std::string diagnostics;
  auto module = test::parse(context, R"mlir(
    dlc.model @m {
      dlc.param @w : tensor<2x1xf64> = #dlc.uniform<0.0, 1.0>
      dlc.train @a(%x: tensor<?x2xf64>, %y: tensor<?x1xf64>) -> (tensor<f64>)
          optimizer #dlc.adam params [@w] {
        %w = dlc.read @w : tensor<2x1xf64>
        %p = dlc.dense %x, %w : (tensor<?x2xf64>, tensor<2x1xf64>) -> tensor<?x1xf64>
        %l = dlc.mean_squared_error %p, %y : (tensor<?x1xf64>, tensor<?x1xf64>) -> tensor<f64>
        dlc.minimize %l : tensor<f64>
      }
      dlc.train @s(%x: tensor<?x2xf64>, %y: tensor<?x1xf64>) -> (tensor<f64>)
          optimizer #dlc.sgd<momentum = 0.9> params [@w] {
        %w = dlc.read @w : tensor<2x1xf64>
        %p = dlc.dense %x, %w : (tensor<?x2xf64>, tensor<2x1xf64>) -> tensor<?x1xf64>
        %l = dlc.mean_squared_error %p, %y : (tensor<?x1xf64>, tensor<?x1xf64>) -> tensor<f64>
        dlc.minimize %l : tensor<f64>
      }
    })mlir",
                               &diagnostics);
  ASSERT_TRUE(module) << diagnostics;
  SmallVector<unsigned> slots;
  for (TrainOp step : test::firstModel(*module).getTrainSteps())
    slots.push_back(cast<OptimizerAttr>(step.getOptimizer())
                        .getNumSlotsPerParam());
  EXPECT_EQ(slots, (SmallVector<unsigned>{2, 1}));
}

TEST(Dialect, ParseErrorsCarryTheLocation) {
  MLIRContext context;
  std::string diagnostics;
  auto module = test::parse(context, R"mlir(
    dlc.model @m {
      dlc.param @w : tensor<2x3xf32> = #dlc.zeros
      dlc.func @f(%x: tensor<?x2xf32>) -> tensor<?x3xf32> {
        %w = dlc.read @v : tensor<2x3xf32>
        %y = dlc.dense %x, %w : (tensor<?x2xf32>, tensor<2x3xf32>) -> tensor<?x3xf32>
        dlc.return %y : tensor<?x3xf32>
      }
    })mlir",
                               &diagnostics);
  EXPECT_FALSE(module);
  EXPECT_NE(diagnostics.find("'v' does not name a dlc.param of model @m"),
            std::string::npos)
      << diagnostics;
}

} // namespace
