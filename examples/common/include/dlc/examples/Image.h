//===- Image.h - PNG images, image grids and captions ---------------------===//
//
// What a person would rather look at than read: generated digits, an
// autoencoder's reconstructions beside its inputs, misclassified test images
// with their predicted and true labels. Files are encoded by libpng; captions
// are drawn with a built-in 3x5 pixel font, so that no font library is
// needed for a handful of digits and capitals.
//
//===----------------------------------------------------------------------===//

#ifndef DLC_EXAMPLES_IMAGE_H
#define DLC_EXAMPLES_IMAGE_H

#include "dlc/runtime/Tensor.h"

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace dlc::examples {

struct Rgb {
  uint8_t r = 0;
  uint8_t g = 0;
  uint8_t b = 0;

  bool isGrey() const { return r == g && g == b; }
  friend bool operator==(const Rgb &, const Rgb &) = default;
};

inline constexpr Rgb kBlack{0, 0, 0};
inline constexpr Rgb kWhite{255, 255, 255};
inline constexpr Rgb kGrey{128, 128, 128};
inline constexpr Rgb kRed{230, 40, 40};
inline constexpr Rgb kGreen{40, 200, 60};

/// An 8-bit image, grey (one channel) or RGB (three, interleaved), stored
/// row by row from the top.
class Image {
public:
  Image() = default;
  /// A `width` x `height` image of `channels` (1 or 3) filled with
  /// `background`.
  Image(int width, int height, int channels, Rgb background = kBlack);

  int width() const { return columns; }
  int height() const { return rows; }
  int channels() const { return depth; }
  std::span<uint8_t> pixels() { return data; }
  std::span<const uint8_t> pixels() const { return data; }

  /// Sets one pixel; a grey image stores the colour's luma. Pixels outside
  /// the image are ignored, so that text and tiles clip at its edges.
  void set(int x, int y, Rgb colour);
  /// The pixel at (x, y), which must lie inside the image.
  Rgb at(int x, int y) const;
  /// Fills the rectangle with its top-left corner at (x, y), clipped.
  void fill(int x, int y, int width, int height, Rgb colour);

private:
  int columns = 0;
  int rows = 0;
  int depth = 1;
  std::vector<uint8_t> data;
};

/// Writes `image` to `path` as an 8-bit grey or RGB PNG, atomically (see
/// dlc::runtime::writeFileAtomically). Returns an error message or "".
std::string writePng(const std::string &path, const Image &image);

/// The same from raw pixels: `channels` is 1 (grey) or 3 (RGB), and
/// `pixels` holds width * height * channels bytes, row by row from the top.
std::string writePng(const std::string &path, int width, int height,
                     int channels, std::span<const uint8_t> pixels);

/// The built-in font's glyphs are 3 x 5 pixels; characters are 4 pixels
/// apart (times the scale).
inline constexpr int kGlyphWidth = 3;
inline constexpr int kGlyphHeight = 5;

/// Whether the font draws `c` as itself: digits, letters (lower case is
/// drawn as capitals), space and . , : ; - + = / ( ) % _ ? ! < > ' *.
bool hasGlyph(char c);

/// The width in pixels of `text` drawn at `scale`.
int textWidth(std::string_view text, int scale = 1);

/// Draws `text` with its top-left corner at (x, y), each font pixel as a
/// `scale` x `scale` square. Characters without a glyph are drawn as '?'.
void drawText(Image &image, int x, int y, std::string_view text, Rgb colour,
              int scale = 1);

/// A line of text under one tile of a grid.
struct Caption {
  std::string text;
  Rgb colour = kWhite;
};

struct GridOptions {
  /// Pixels between the tiles and around the grid.
  int border = 1;
  Rgb borderColour = kGrey;
  /// Each image pixel becomes a `scale` x `scale` square (28-pixel digits
  /// are easier to look at twice as large).
  int scale = 1;
  /// The scale of the caption font.
  int textScale = 1;
  /// Behind the captions and around images narrower than their caption.
  Rgb background = kBlack;
};

/// Tiles `images`, an f32 tensor [N, H, W] or [N, H, W, 1] with values in
/// [0, 1] (clamped; NaN is drawn black), row by row into a `rows` x `cols`
/// grid; tiles beyond the N-th stay blank. `captions` is empty or holds one
/// caption per image, drawn under its tile; tiles widen to the widest
/// caption. The image is grey unless a caption has a colour.
std::string imageGrid(const runtime::Tensor &images, int rows, int cols,
                      std::span<const Caption> captions,
                      const GridOptions &options, Image &grid);

/// imageGrid written to `path` as a PNG.
std::string writeImageGrid(const std::string &path,
                           const runtime::Tensor &images, int rows, int cols,
                           std::span<const Caption> captions = {},
                           const GridOptions &options = {});

} // namespace dlc::examples

#endif // DLC_EXAMPLES_IMAGE_H
