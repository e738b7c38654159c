//===- ImageTest.cpp - PNG files, the font and image grids ----------------===//

#include "ExamplesTestUtil.h"

#include "dlc/examples/Image.h"

#include <cmath>

using namespace dlc::examples;
using dlc::examples::test::DecodedPng;
using dlc::examples::test::readPng;
using dlc::examples::test::ScratchDir;
using dlc::runtime::DType;
using dlc::runtime::Tensor;
using ::testing::HasSubstr;

namespace {

constexpr int kGreyType = 0, kRgbType = 2;

/// The image as rows of '#' (any set pixel) and '.' (black).
std::vector<std::string> picture(const Image &image) {
  std::vector<std::string> rows;
  for (int y = 0; y < image.height(); ++y) {
    std::string row;
    for (int x = 0; x < image.width(); ++x)
      row += image.at(x, y) == kBlack ? '.' : '#';
    rows.push_back(row);
  }
  return rows;
}

uint8_t byteOf(double value) { return uint8_t(std::lround(value * 255)); }

} // namespace

TEST(Png, WritesGreyPixelsThatReadBack) {
  ScratchDir dir;
  std::string path = dir.path("grey.png");
  Image image(3, 2, 1);
  uint8_t level = 0;
  for (int y = 0; y < 2; ++y)
    for (int x = 0; x < 3; ++x, level += 50)
      image.set(x, y, {level, level, level});
  ASSERT_EQ(writePng(path, image), "");

  DecodedPng png = readPng(path);
  ASSERT_EQ(png.error, "");
  EXPECT_EQ(png.width, 3);
  EXPECT_EQ(png.height, 2);
  EXPECT_EQ(png.bitDepth, 8);
  EXPECT_EQ(png.colourType, kGreyType);
  EXPECT_EQ(png.pixels, (std::vector<uint8_t>{0, 50, 100, 150, 200, 250}));
}

TEST(Png, WritesRgbPixelsThatReadBack) {
  ScratchDir dir;
  std::string path = dir.path("rgb.png");
  Image image(2, 1, 3);
  image.set(0, 0, kRed);
  image.set(1, 0, {1, 2, 3});
  ASSERT_EQ(writePng(path, image), "");

  DecodedPng png = readPng(path);
  ASSERT_EQ(png.error, "");
  EXPECT_EQ(png.width, 2);
  EXPECT_EQ(png.height, 1);
  EXPECT_EQ(png.bitDepth, 8);
  EXPECT_EQ(png.colourType, kRgbType);
  EXPECT_EQ(png.pixels, (std::vector<uint8_t>{230, 40, 40, 1, 2, 3}));
}

TEST(Png, RejectsWhatItCannotWrite) {
  ScratchDir dir;
  std::string path = dir.path("bad.png");
  std::vector<uint8_t> pixels(6);
  EXPECT_THAT(writePng(path, 2, 2, 1, pixels),
              HasSubstr("6 bytes of pixels for a 2 x 2 x 1 image"));
  EXPECT_THAT(writePng(path, 3, 1, 2, pixels), HasSubstr("2 channels"));
  EXPECT_THAT(writePng(path, 0, 1, 1, {}), HasSubstr("0 x 1 image"));
  EXPECT_FALSE(std::filesystem::exists(path));
  std::string missing = dir.path("no/such/dir/x.png");
  EXPECT_THAT(writePng(missing, 3, 2, 1, pixels), HasSubstr("x.png"));
}

TEST(Image, GreyImagesStoreLuma) {
  Image image(1, 1, 1);
  image.set(0, 0, kRed);
  EXPECT_EQ(image.pixels()[0], 97);
  // Outside the image: ignored.
  image.set(1, 0, kWhite);
  image.set(0, -1, kWhite);
  image.fill(-5, -5, 5, 5, kWhite);
  EXPECT_EQ(image.pixels()[0], 97);
}

TEST(Font, DrawsDigitsAndCapitals) {
  Image image(8, 5, 1);
  drawText(image, 0, 0, "1a", kWhite);
  EXPECT_EQ(picture(image), (std::vector<std::string>{
                                ".#...#..",
                                "##..#.#.",
                                ".#..###.",
                                ".#..#.#.",
                                "###.#.#.",
                            }));
  EXPECT_EQ(textWidth("1a"), 7);
  EXPECT_EQ(textWidth("1a", 2), 14);
  EXPECT_EQ(textWidth(""), 0);
}

TEST(Font, ScalesAndReplacesUnknownCharacters) {
  Image scaled(6, 10, 1);
  drawText(scaled, 0, 0, "1", kWhite, 2);
  std::vector<std::string> rows = picture(scaled);
  EXPECT_EQ(rows[0], "..##..");
  EXPECT_EQ(rows[1], "..##..");
  EXPECT_EQ(rows[2], "####..");
  EXPECT_EQ(rows[9], "######");

  Image unknown(3, 5, 1), question(3, 5, 1);
  EXPECT_FALSE(hasGlyph('~'));
  EXPECT_TRUE(hasGlyph('7'));
  EXPECT_TRUE(hasGlyph('q'));
  drawText(unknown, 0, 0, "~", kWhite);
  drawText(question, 0, 0, "?", kWhite);
  EXPECT_EQ(picture(unknown), picture(question));
}

TEST(ImageGrid, TilesImagesWithBorders) {
  // Three 2 x 3 images, each pixel its own value, in a 2 x 2 grid.
  Tensor images(DType::f32, {3, 2, 3});
  std::span<float> values = images.values<float>();
  for (size_t i = 0; i < values.size(); ++i)
    values[i] = float(i) / 20;
  ScratchDir dir;
  std::string path = dir.path("grid.png");
  ASSERT_EQ(writeImageGrid(path, images, 2, 2), "");

  DecodedPng png = readPng(path);
  ASSERT_EQ(png.error, "");
  EXPECT_EQ(png.colourType, kGreyType);
  // Two tiles of 3 and three borders across; two of 2 and three down.
  ASSERT_EQ(png.width, 9);
  ASSERT_EQ(png.height, 7);
  for (int k = 0; k < 3; ++k) {
    int cellX = (k % 2) * 4 + 1, cellY = (k / 2) * 3 + 1;
    for (int y = 0; y < 2; ++y)
      for (int x = 0; x < 3; ++x)
        EXPECT_EQ(png.grey(cellX + x, cellY + y),
                  byteOf((k * 6 + y * 3 + x) / 20.0))
            << "image " << k << " at " << x << ", " << y;
  }
  EXPECT_EQ(png.grey(0, 0), 128);
  EXPECT_EQ(png.grey(4, 1), 128);
  EXPECT_EQ(png.grey(8, 6), 128);
  // The fourth tile is blank.
  EXPECT_EQ(png.grey(5, 4), 0);
  EXPECT_EQ(png.grey(7, 5), 0);
}

TEST(ImageGrid, ClampsScalesAndTakesAChannelAxis) {
  Tensor images(DType::f32, {1, 1, 3, 1});
  std::span<float> values = images.values<float>();
  values[0] = -1;
  values[1] = 2;
  values[2] = NAN;
  GridOptions options;
  options.border = 2;
  options.scale = 2;
  options.borderColour = kWhite;
  Image grid;
  ASSERT_EQ(imageGrid(images, 1, 1, {}, options, grid), "");
  ASSERT_EQ(grid.width(), 3 * 2 + 4);
  ASSERT_EQ(grid.height(), 1 * 2 + 4);
  EXPECT_EQ(grid.at(0, 0), kWhite);
  EXPECT_EQ(grid.at(2, 2), kBlack);
  EXPECT_EQ(grid.at(3, 3), kBlack);
  EXPECT_EQ(grid.at(4, 2), kWhite);
  EXPECT_EQ(grid.at(5, 3), kWhite);
  EXPECT_EQ(grid.at(6, 2), kBlack);
}

TEST(ImageGrid, DrawsColouredCaptionsUnderTheTiles) {
  Tensor images(DType::f32, {2, 4, 4});
  std::vector<Caption> captions = {{"7/2", kRed}, {"1", kWhite}};
  ScratchDir dir;
  std::string path = dir.path("captions.png");
  ASSERT_EQ(writeImageGrid(path, images, 1, 2, captions), "");

  DecodedPng png = readPng(path);
  ASSERT_EQ(png.error, "");
  EXPECT_EQ(png.colourType, kRgbType);
  // Cells widen from 4 to the caption's 11 pixels plus 1 on each side;
  // captions add 5 + 2 rows.
  ASSERT_EQ(png.width, 2 * 13 + 3);
  ASSERT_EQ(png.height, 4 + 7 + 2);
  std::vector<uint8_t> red = {230, 40, 40}, white = {255, 255, 255},
                       black = {0, 0, 0};
  // "7/2" starts at x = 1 + (13 - 11) / 2, one row under the image.
  EXPECT_EQ(png.rgb(2, 6), red);
  EXPECT_EQ(png.rgb(4, 6), red);
  EXPECT_EQ(png.rgb(1, 6), black);
  // "1" centred in the second cell, which starts at x = 15.
  EXPECT_EQ(png.rgb(21, 6), white);
  EXPECT_EQ(png.rgb(20, 6), black);

  // White captions keep the file grey.
  std::vector<Caption> plain = {{"1"}, {"2"}};
  ASSERT_EQ(writeImageGrid(path, images, 2, 1, plain), "");
  EXPECT_EQ(readPng(path).colourType, kGreyType);
}

TEST(ImageGrid, RejectsBadInput) {
  Image grid;
  Tensor ints(DType::i32, {1, 2, 2});
  EXPECT_THAT(imageGrid(ints, 1, 1, {}, {}, grid), HasSubstr("int32"));
  Tensor rgb(DType::f32, {1, 2, 2, 3});
  EXPECT_THAT(imageGrid(rgb, 1, 1, {}, {}, grid),
              HasSubstr("[1, 2, 2, 3]; expected [N, H, W] or [N, H, W, 1]"));
  Tensor five(DType::f32, {5, 2, 2});
  EXPECT_THAT(imageGrid(five, 2, 2, {}, {}, grid),
              HasSubstr("5 images do not fit a 2 x 2 grid"));
  std::vector<Caption> one = {{"x"}};
  EXPECT_THAT(imageGrid(five, 2, 3, one, {}, grid),
              HasSubstr("1 captions for 5 images"));
  ScratchDir dir;
  EXPECT_THAT(writeImageGrid(dir.path("g.png"), five, 0, 3),
              HasSubstr("g.png: image grid: a 0 x 3 grid has no tiles"));
}
