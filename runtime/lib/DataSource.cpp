//===- DataSource.cpp - Training data named by a string -------------------===//

#include "dlc/runtime/DataSource.h"

#include "dlc/runtime/Idx.h"
#include "dlc/runtime/Npy.h"

#include <array>
#include <cstring>

namespace dlc::runtime {

namespace {

int64_t product(std::span<const int64_t> shape) {
  int64_t n = 1;
  for (int64_t dim : shape)
    n *= dim;
  return n;
}

/// `tensor` with its samples reshaped to `sampleShape`.
Tensor withSampleShape(const Tensor &tensor,
                       std::span<const int64_t> sampleShape) {
  std::vector<int64_t> shape{tensor.shape()[0]};
  shape.insert(shape.end(), sampleShape.begin(), sampleShape.end());
  Tensor reshaped(tensor.dtype(), shape);
  std::memcpy(reshaped.bytes(), tensor.bytes(), tensor.numBytes());
  return reshaped;
}

std::string loadMnistSource(const std::string &directory,
                            std::string_view step,
                            std::span<const InputSpec> inputs, Dataset &train,
                            Dataset &validation) {
  LabeledImages splits[2];
  const MnistSplit kinds[] = {MnistSplit::train, MnistSplit::test};
  for (int i = 0; i < 2; ++i)
    if (std::string error = loadMnist(directory, kinds[i], splits[i]);
        !error.empty())
      return error;
  for (const InputSpec &input : inputs) {
    int64_t elements = product(input.sampleShape);
    bool isImages = input.dtype == DType::f32 && elements == 28 * 28;
    bool isLabels = input.dtype == DType::i32 && elements == 1;
    if (!isImages && !isLabels) {
      std::string shape = "[batch";
      for (int64_t dim : input.sampleShape)
        shape += ", " + std::to_string(dim);
      return "input '" + std::string(input.name) + "' of @" +
             std::string(step) + " (" + dtypeName(input.dtype) + shape +
             "]) cannot be fed from MNIST, which has f32 images of 784 "
             "values and i32 labels; give its data with npy:";
    }
    for (auto [split, data] :
         {std::pair{&splits[0], &train}, std::pair{&splits[1], &validation}}) {
      const Tensor &tensor = isImages ? split->images : split->labels;
      if (std::string error =
              data->add(std::string(input.name),
                        withSampleShape(tensor, input.sampleShape));
          !error.empty())
        return error;
    }
  }
  return "";
}

std::string loadNpySource(std::string_view files, std::string_view step,
                          std::span<const InputSpec> inputs,
                          double validationSplit, Dataset &train,
                          Dataset &validation) {
  std::vector<std::string> paths;
  for (size_t start = 0;;) {
    size_t comma = files.find(',', start);
    paths.emplace_back(files.substr(start, comma - start));
    if (comma == std::string_view::npos)
      break;
    start = comma + 1;
  }
  if (paths.size() != inputs.size())
    return "@" + std::string(step) + " takes " +
           std::to_string(inputs.size()) + " inputs; --data npy: names " +
           std::to_string(paths.size()) + " files";
  Dataset all;
  for (size_t i = 0; i < paths.size(); ++i) {
    NpyArray array;
    if (std::string error = readNpy(paths[i], array); !error.empty())
      return error;
    Tensor tensor(array.dtype, array.shape);
    std::memcpy(tensor.bytes(), array.data.data(), tensor.numBytes());
    if (std::string error = all.add(std::string(inputs[i].name),
                                    std::move(tensor));
        !error.empty())
      return paths[i] + ": " + error;
  }
  if (validationSplit <= 0) {
    train = std::move(all);
    return "";
  }
  return splitValidation(all, validationSplit, train, validation);
}

} // namespace

std::string loadDataSource(std::string_view source, std::string_view step,
                           std::span<const InputSpec> inputs,
                           double validationSplit, Dataset &train,
                           Dataset &validation) {
  size_t colon = source.find(':');
  std::string_view kind = source.substr(0, colon);
  std::string_view rest =
      colon == std::string_view::npos ? "" : source.substr(colon + 1);
  if (kind == "mnist")
    return loadMnistSource(std::string(rest), step, inputs, train,
                           validation);
  if (kind == "npy")
    return loadNpySource(rest, step, inputs, validationSplit, train,
                         validation);
  return "--data expects mnist:DIR or npy:a.npy,b.npy,..., found '" +
         std::string(source) + "'";
}

} // namespace dlc::runtime
