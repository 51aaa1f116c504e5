import sharp from 'sharp';

/** A small PNG with a colour gradient-ish block, generated in memory for upload tests. */
export async function makePng(
  width = 320,
  height = 320,
  rgb: [number, number, number] = [224, 36, 94],
): Promise<Buffer> {
  const [r, g, b] = rgb;
  return sharp({ create: { width, height, channels: 3, background: { r, g, b } } })
    .composite([
      {
        input: await sharp({
          create: {
            width: Math.floor(width / 2),
            height: Math.floor(height / 2),
            channels: 3,
            background: { r: 255, g: 255, b: 255 },
          },
        })
          .png()
          .toBuffer(),
        top: Math.floor(height / 4),
        left: Math.floor(width / 4),
      },
    ])
    .png()
    .toBuffer();
}
