// Runs the compiled 2-3-1 MLP on the four XOR rows with fresh parameters:
// outputs are sigmoids, so each must lie in (0, 1).
#include "mlp.h"

#include <cstdio>

int main() {
  Mlp model(1);
  const float rows[8] = {0, 0, 0, 1, 1, 0, 1, 1};
  float out[4] = {-1, -1, -1, -1};
  model.predict(rows, 4, out);
  for (float value : out) {
    std::printf("%f\n", value);
    if (!(value > 0 && value < 1))
      return 1;
  }
  return 0;
}
