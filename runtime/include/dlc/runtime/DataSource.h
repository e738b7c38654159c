//===- DataSource.h - Training data named by a string ---------------------===//
//
// `dlc train --data SOURCE` and applications that take a data source on
// their command line: the data set a training step's inputs are fed from,
// read from MNIST's IDX files or from one .npy file per input.
//
//===----------------------------------------------------------------------===//

#ifndef DLC_RUNTIME_DATASOURCE_H
#define DLC_RUNTIME_DATASOURCE_H

#include "dlc/runtime/Dataset.h"
#include "dlc/runtime/Train.h"

#include <span>
#include <string>
#include <string_view>

namespace dlc::runtime {

/// Loads the data that `inputs` (the inputs of training step `step`) are
/// fed from, given as
/// - `mnist:DIR`: MNIST's training set as `train` and its test set as
///   `validation`; each f32 input of 784 values per sample gets the images
///   (reshaped to the input's sample shape), an i32 input of one value per
///   sample the labels;
/// - `npy:a.npy,b.npy,...`: one file per input, in order; the last
///   `validationSplit` of the samples (0 for none) go to `validation`.
/// Returns "" or what is wrong (the file, the input and the shapes).
std::string loadDataSource(std::string_view source, std::string_view step,
                           std::span<const InputSpec> inputs,
                           double validationSplit, Dataset &train,
                           Dataset &validation);

} // namespace dlc::runtime

#endif // DLC_RUNTIME_DATASOURCE_H
