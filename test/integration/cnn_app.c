/* The compiled CNN from C, through the descriptor ABI the header declares.
 * With every parameter equal, every class gets the same probability. */
#include "mnist_cnn.h"

#include <math.h>
#include <stdio.h>

static float k1[3 * 3 * 1 * 32], b1[32], k2[3 * 3 * 32 * 64], b2[64],
    w3[1600 * 64], b3[64], w4[64 * 10], b4[10];

static void fill(float *data, int n, float value) {
  for (int i = 0; i < n; ++i)
    data[i] = value;
}

int main(void) {
  fill(k1, 288, 0.01f);
  fill(b1, 32, 0.01f);
  fill(k2, 18432, 0.01f);
  fill(b2, 64, 0.01f);
  fill(w3, 102400, 0.01f);
  fill(b3, 64, 0.01f);
  fill(w4, 640, 0.01f);
  fill(b4, 10, 0.01f);
  float images[2 * 28 * 28];
  fill(images, 2 * 784, 0.5f);
  float probs[20];
  dlc_memref_f32_4d x = {images, images, 0, {2, 28, 28, 1}, {784, 28, 1, 1}};
  dlc_memref_f32_4d dk1 = {k1, k1, 0, {3, 3, 1, 32}, {96, 32, 32, 1}};
  dlc_memref_f32_1d db1 = {b1, b1, 0, {32}, {1}};
  dlc_memref_f32_4d dk2 = {k2, k2, 0, {3, 3, 32, 64}, {6144, 2048, 64, 1}};
  dlc_memref_f32_1d db2 = {b2, b2, 0, {64}, {1}};
  dlc_memref_f32_2d dw3 = {w3, w3, 0, {1600, 64}, {64, 1}};
  dlc_memref_f32_1d db3 = {b3, b3, 0, {64}, {1}};
  dlc_memref_f32_2d dw4 = {w4, w4, 0, {64, 10}, {10, 1}};
  dlc_memref_f32_1d db4 = {b4, b4, 0, {10}, {1}};
  dlc_memref_f32_2d y = {probs, probs, 0, {2, 10}, {10, 1}};
  /* The scratch arena: the header's class documents its size; from C, size
   * it from the same formula (bytes per image times the batch). */
  static int8_t arena[2 * 139136];
  dlc_memref_i8_1d scratch = {arena, arena, 0, {sizeof arena}, {1}};
  dlc_mnist_cnn_predict(&x, &dk1, &db1, &dk2, &db2, &dw3, &db3, &dw4,
                                 &db4, &y, &scratch);
  for (int i = 0; i < 20; ++i) {
    if (fabsf(probs[i] - 0.1f) > 1e-6f) {
      printf("FAILED: probs[%d] = %f\n", i, probs[i]);
      return 1;
    }
  }
  printf("OK\n");
  return 0;
}
