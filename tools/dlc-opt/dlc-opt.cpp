//===- dlc-opt.cpp - mlir-opt with the dlc dialect and its passes ---------===//

#include "Driver/Compilation.h"
#include "Pipelines/Pipelines.h"
#include "dlc/DLC.h"

#include "mlir/IR/DialectRegistry.h"
#include "mlir/InitAllDialects.h"
#include "mlir/InitAllExtensions.h"
#include "mlir/InitAllPasses.h"
#include "mlir/Tools/mlir-opt/MlirOptMain.h"

int main(int argc, char **argv) {
  mlir::registerAllPasses();
  dlc::registerPipelines();
  mlir::DialectRegistry registry;
  registry.insert<dlc::DLCDialect>();
  mlir::registerAllDialects(registry);
  dlc::registerGPUTranslations(registry);
  return mlir::asMainReturnCode(mlir::MlirOptMain(
      argc, argv, "dlc optimizer driver: the dlc dialect, its passes and "
                  "pipelines, and the upstream MLIR passes they use\n",
      registry));
}
