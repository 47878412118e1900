package photo

import (
	"bytes"
	"image"
	"image/color"
	"image/jpeg"
	"testing"

	"gendan/server/photo/phototest"
)

// TestEncodeMatchesJPEGEncode: encode gives the pixels of jpeg.Encode of
// the image itself, for each kind of image the encoder treats differently
// (opaque NRGBA is handed to it as RGBA), at sizes that are and are not
// whole MCUs, and reports each variant's size.
func TestEncodeMatchesJPEGEncode(t *testing.T) {
	t.Parallel()
	rgba := phototest.MakeImage(333, 250, 1)
	gray := image.NewGray(rgba.Rect)
	cmyk := image.NewCMYK(rgba.Rect)
	nrgba := image.NewNRGBA(rgba.Rect)
	for y := range 250 {
		for x := range 333 {
			c := rgba.RGBAAt(x, y)
			gray.SetGray(x, y, color.Gray{c.G})
			cmyk.Set(x, y, c)
			nrgba.SetNRGBA(x, y, color.NRGBA{c.R, c.G, c.B, 255})
		}
	}
	images := map[string]image.Image{
		"ycbcr 4:2:0": makeYCbCr(333, 250, image.YCbCrSubsampleRatio420),
		"ycbcr 4:4:4": makeYCbCr(333, 250, image.YCbCrSubsampleRatio444),
		"ycbcr 4:1:1": makeYCbCr(333, 250, image.YCbCrSubsampleRatio411),
		"rgba":        rgba,
		"gray":        gray, // one component, 8×8 MCUs
		"cmyk":        cmyk, // the encoder's generic path
		"nrgba":       nrgba,
	}
	type subImager interface {
		SubImage(image.Rectangle) image.Image
	}
	for name, img := range images {
		for _, size := range []image.Point{{333, 250}, {333, 16}, {40, 17}, {17, 40}, {1, 1}} {
			sub := img.(subImager).SubImage(image.Rect(0, 0, size.X, size.Y))
			var want bytes.Buffer
			if err := jpeg.Encode(&want, sub, &jpeg.Options{Quality: 80}); err != nil {
				t.Fatal(err)
			}
			got, err := encode([]image.Image{sub}, []int{80})
			if err != nil {
				t.Fatalf("%s %v: %v", name, size, err)
			}
			if got[0].Width != size.X || got[0].Height != size.Y {
				t.Errorf("%s %v: variant %dx%d", name, size, got[0].Width, got[0].Height)
			}
			if a, b := decodeJPEG(t, got[0].Data), decodeJPEG(t, want.Bytes()); a.Rect != b.Rect || !bytes.Equal(a.Pix, b.Pix) {
				t.Errorf("%s %v: not the pixels of jpeg.Encode", name, size)
			}
		}
	}
}

// TestEncodeSeveralImages: the three variants, each at its own quality,
// come back whole and in their places.
func TestEncodeSeveralImages(t *testing.T) {
	t.Parallel()
	imgs := []image.Image{
		makeYCbCr(300, 200, image.YCbCrSubsampleRatio420),
		phototest.MakeImage(150, 100, 2),
		image.NewGray(image.Rect(0, 0, 20, 10)),
	}
	qs := []int{85, 82, 78}
	got, err := encode(imgs, qs)
	if err != nil {
		t.Fatal(err)
	}
	for i, img := range imgs {
		var want bytes.Buffer
		if err := jpeg.Encode(&want, img, &jpeg.Options{Quality: qs[i]}); err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got[i].Data, want.Bytes()) {
			t.Errorf("image %d: not jpeg.Encode's bytes", i)
		}
	}
}
