// AOT-compiled training: the 2-3-1 sigmoid MLP of the chapter learns XOR
// through the generated class's train_step (SGD on half the summed squared
// error, lr 0.1, 10000 full-batch steps), then predicts every row on the
// right side of 0.5 with a mean squared error under 0.01.
#include "mlp.h"

#include <cstdio>

int main() {
  Mlp model(0);
  const float x[8] = {0, 0, 0, 1, 1, 0, 1, 1};
  const float y[4] = {0, 1, 1, 0};
  Mlp::TrainStepResult first = model.train_step(x, y, 4), last = first;
  for (int epoch = 1; epoch < 10000; ++epoch)
    last = model.train_step(x, y, 4);
  float out[4];
  model.predict(x, 4, out);
  double mse = 0;
  bool sides = true;
  for (int i = 0; i < 4; ++i) {
    std::printf("%g xor %g -> %f\n", x[2 * i], x[2 * i + 1], out[i]);
    mse += (out[i] - y[i]) * (out[i] - y[i]) / 4;
    sides &= (out[i] > 0.5f) == (y[i] > 0.5f);
  }
  std::printf("loss %f -> %f, mse %f, steps %lld\n", first.loss, last.loss,
              mse, static_cast<long long>(model.trainStepSteps()));
  bool ok = sides && mse < 0.01 && last.loss < first.loss &&
            model.trainStepSteps() == 10000 && last.binary_accuracy == 1.0f;
  std::printf("%s\n", ok ? "OK" : "FAILED");
  return ok ? 0 : 1;
}
