//===- Image.cpp - PNG images, image grids and captions -------------------===//

#include "dlc/examples/Image.h"

#include "dlc/runtime/File.h"
#include "dlc/runtime/Npy.h"

#include <png.h>

#include <algorithm>
#include <cassert>
#include <cmath>
#include <cstddef>
#include <limits>

namespace dlc::examples {

using runtime::DType;
using runtime::Tensor;

Image::Image(int width, int height, int channels, Rgb background)
    : columns(width), rows(height), depth(channels) {
  assert(width >= 0 && height >= 0 && "negative image size");
  assert((channels == 1 || channels == 3) && "an image is grey or RGB");
  data.resize(size_t(width) * size_t(height) * size_t(channels));
  fill(0, 0, width, height, background);
}

namespace {

uint8_t luma(Rgb colour) {
  // ITU-R BT.601 weights, rounded.
  return static_cast<uint8_t>(
      (299 * colour.r + 587 * colour.g + 114 * colour.b + 500) / 1000);
}

} // namespace

void Image::set(int x, int y, Rgb colour) {
  if (x < 0 || y < 0 || x >= columns || y >= rows)
    return;
  uint8_t *pixel = &data[(size_t(y) * size_t(columns) + size_t(x)) * depth];
  if (depth == 1) {
    pixel[0] = luma(colour);
    return;
  }
  pixel[0] = colour.r;
  pixel[1] = colour.g;
  pixel[2] = colour.b;
}

Rgb Image::at(int x, int y) const {
  assert(x >= 0 && y >= 0 && x < columns && y < rows && "outside the image");
  const uint8_t *pixel =
      &data[(size_t(y) * size_t(columns) + size_t(x)) * depth];
  if (depth == 1)
    return {pixel[0], pixel[0], pixel[0]};
  return {pixel[0], pixel[1], pixel[2]};
}

void Image::fill(int x, int y, int width, int height, Rgb colour) {
  int x0 = std::max(x, 0), y0 = std::max(y, 0);
  int x1 = std::min(x + width, columns), y1 = std::min(y + height, rows);
  for (int row = y0; row < y1; ++row)
    for (int column = x0; column < x1; ++column)
      set(column, row, colour);
}

std::string writePng(const std::string &path, const Image &image) {
  return writePng(path, image.width(), image.height(), image.channels(),
                  image.pixels());
}

std::string writePng(const std::string &path, int width, int height,
                     int channels, std::span<const uint8_t> pixels) {
  if (width < 1 || height < 1)
    return path + ": cannot write a " + std::to_string(width) + " x " +
           std::to_string(height) + " image as PNG";
  if (channels != 1 && channels != 3)
    return path + ": cannot write " + std::to_string(channels) +
           " channels as PNG; expected 1 (grey) or 3 (RGB)";
  size_t expected = size_t(width) * size_t(height) * size_t(channels);
  if (pixels.size() != expected)
    return path + ": " + std::to_string(pixels.size()) +
           " bytes of pixels for a " + std::to_string(width) + " x " +
           std::to_string(height) + " x " + std::to_string(channels) +
           " image, which needs " + std::to_string(expected);

  // libpng's simplified API reports errors through image.message rather
  // than longjmp, which must not cross C++ frames. Encoding to memory lets
  // the file be replaced atomically, like the runtime's other outputs.
  png_image image{};
  image.version = PNG_IMAGE_VERSION;
  image.width = static_cast<png_uint_32>(width);
  image.height = static_cast<png_uint_32>(height);
  image.format = channels == 1 ? PNG_FORMAT_GRAY : PNG_FORMAT_RGB;
  png_alloc_size_t size = 0;
  if (!png_image_write_get_memory_size(image, size, 0, pixels.data(), 0,
                                       nullptr)) {
    std::string message = path + ": cannot encode PNG: " + image.message;
    png_image_free(&image);
    return message;
  }
  std::vector<std::byte> encoded(size);
  if (!png_image_write_to_memory(&image, encoded.data(), &size, 0,
                                 pixels.data(), 0, nullptr)) {
    std::string message = path + ": cannot encode PNG: " + image.message;
    png_image_free(&image);
    return message;
  }
  png_image_free(&image);
  return runtime::writeFileAtomically(path,
                                      std::span(encoded.data(), size_t(size)));
}

namespace {

uint8_t toByte(float value) {
  if (!(value > 0))
    return 0;
  if (value >= 1)
    return 255;
  return static_cast<uint8_t>(std::lround(value * 255.0f));
}

} // namespace

std::string imageGrid(const Tensor &images, int rows, int cols,
                      std::span<const Caption> captions,
                      const GridOptions &options, Image &grid) {
  const std::vector<int64_t> &shape = images.shape();
  if (images.dtype() != DType::f32)
    return std::string("image grid: the images are ") +
           runtime::dtypeName(images.dtype()) + "; expected float32";
  if (!(shape.size() == 3 || (shape.size() == 4 && shape[3] == 1)))
    return "image grid: the images have shape " + runtime::formatShape(shape) +
           "; expected [N, H, W] or [N, H, W, 1]";
  if (rows < 1 || cols < 1)
    return "image grid: a " + std::to_string(rows) + " x " +
           std::to_string(cols) + " grid has no tiles";
  int64_t count = shape[0];
  if (count > int64_t(rows) * cols)
    return "image grid: " + std::to_string(count) + " images do not fit a " +
           std::to_string(rows) + " x " + std::to_string(cols) + " grid";
  if (!captions.empty() && int64_t(captions.size()) != count)
    return "image grid: " + std::to_string(captions.size()) + " captions for " +
           std::to_string(count) + " images";
  if (options.border < 0 || options.scale < 1 || options.textScale < 1)
    return "image grid: the border must be >= 0 and the scales >= 1";

  int64_t height = shape[1], width = shape[2];
  int64_t tileWidth = width * options.scale;
  int64_t tileHeight = height * options.scale;
  int64_t captionHeight = 0;
  int64_t cellWidth = tileWidth;
  bool colour = false;
  if (!captions.empty()) {
    captionHeight = (kGlyphHeight + 2) * int64_t(options.textScale);
    for (const Caption &caption : captions) {
      cellWidth = std::max<int64_t>(cellWidth,
                                    textWidth(caption.text, options.textScale) +
                                        2 * int64_t(options.textScale));
      colour |= !caption.colour.isGrey();
    }
  }
  colour |= !options.borderColour.isGrey() || !options.background.isGrey();
  int64_t cellHeight = tileHeight + captionHeight;
  int64_t gridWidth = cols * cellWidth + (cols + 1) * int64_t(options.border);
  int64_t gridHeight = rows * cellHeight + (rows + 1) * int64_t(options.border);
  if (gridWidth < 1 || gridHeight < 1 ||
      gridWidth * gridHeight >
          std::numeric_limits<int32_t>::max() / (colour ? 3 : 1))
    return "image grid: a " + std::to_string(gridWidth) + " x " +
           std::to_string(gridHeight) + " pixel grid is too large or empty";

  grid = Image(int(gridWidth), int(gridHeight), colour ? 3 : 1,
               options.borderColour);
  std::span<const float> values = images.values<float>();
  for (int64_t tile = 0; tile < int64_t(rows) * cols; ++tile) {
    int cellX =
        int((tile % cols) * (cellWidth + options.border) + options.border);
    int cellY =
        int((tile / cols) * (cellHeight + options.border) + options.border);
    grid.fill(cellX, cellY, int(cellWidth), int(cellHeight),
              options.background);
    if (tile >= count)
      continue;
    int imageX = cellX + int(cellWidth - tileWidth) / 2;
    const float *image = values.data() + tile * height * width;
    for (int64_t y = 0; y < height; ++y)
      for (int64_t x = 0; x < width; ++x) {
        uint8_t level = toByte(image[y * width + x]);
        grid.fill(imageX + int(x) * options.scale,
                  cellY + int(y) * options.scale, options.scale, options.scale,
                  {level, level, level});
      }
    if (captions.empty())
      continue;
    const Caption &caption = captions[size_t(tile)];
    int textX =
        cellX +
        (int(cellWidth) - textWidth(caption.text, options.textScale)) / 2;
    drawText(grid, textX, cellY + int(tileHeight) + options.textScale,
             caption.text, caption.colour, options.textScale);
  }
  return "";
}

std::string writeImageGrid(const std::string &path, const Tensor &images,
                           int rows, int cols,
                           std::span<const Caption> captions,
                           const GridOptions &options) {
  Image grid;
  if (std::string error =
          imageGrid(images, rows, cols, captions, options, grid);
      !error.empty())
    return path + ": " + error;
  return writePng(path, grid);
}

} // namespace dlc::examples
