package photo

import (
	"bytes"
	"fmt"
	"image"
	"image/color"
	"image/jpeg"
	"testing"

	"gendan/server/photo/phototest"
)

// markers counts the restart markers in a JPEG's scan and returns the
// restart interval (0 without DRI).
func markers(data []byte) (rst, ri int) {
	for i := 0; i+1 < len(data); i++ {
		if data[i] != 0xFF {
			continue
		}
		switch m := data[i+1]; {
		case m >= 0xD0 && m <= 0xD7:
			rst++
		case m == 0xDD && i+5 < len(data):
			ri = int(data[i+4])<<8 | int(data[i+5])
		}
	}
	return rst, ri
}

// TestEncodeAllMatchesJPEGEncode: an image encoded in strips joined with
// restart markers decodes to exactly the pixels of jpeg.Encode's file,
// for each kind of image the encoder treats differently, at sizes that
// are and are not whole MCUs, and with more than 8 strips so the marker
// numbers wrap.
func TestEncodeAllMatchesJPEGEncode(t *testing.T) {
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
	for name, img := range images {
		for _, size := range []image.Point{{333, 250}, {333, 16}, {40, 17}, {17, 40}, {1, 1}} {
			sub := img.(subImager).SubImage(image.Rect(0, 0, size.X, size.Y))
			var want bytes.Buffer
			if err := jpeg.Encode(&want, sub, &jpeg.Options{Quality: 80}); err != nil {
				t.Fatal(err)
			}
			// The smallest strips: one MCU row each (16 for 250 rows).
			got, err := encodeAll([]image.Image{sub}, []int{80}, 1)
			if err != nil {
				t.Fatalf("%s %v: %v", name, size, err)
			}
			mcu := mcuSize(sub)
			strips := (size.Y + mcu - 1) / mcu
			rst, ri := markers(got[0])
			if strips == 1 {
				if !bytes.Equal(got[0], want.Bytes()) {
					t.Errorf("%s %v: one strip, yet not jpeg.Encode's bytes", name, size)
				}
				continue
			}
			if rst != strips-1 || ri != (size.X+mcu-1)/mcu {
				t.Errorf("%s %v: %d restart markers, interval %d; want %d, %d", name, size, rst, ri, strips-1, (size.X+mcu-1)/mcu)
			}
			if a, b := decodeJPEG(t, got[0]), decodeJPEG(t, want.Bytes()); a.Rect != b.Rect || !bytes.Equal(a.Pix, b.Pix) {
				t.Errorf("%s %v: strips decode to other pixels than the whole image", name, size)
			}
		}
	}
}

// TestEncodeAllSeveralImages: the three variants share one pool; each
// comes back whole and in its place.
func TestEncodeAllSeveralImages(t *testing.T) {
	t.Parallel()
	imgs := []image.Image{
		makeYCbCr(300, 200, image.YCbCrSubsampleRatio420),
		phototest.MakeImage(150, 100, 2),
		image.NewGray(image.Rect(0, 0, 20, 10)),
	}
	qs := []int{85, 82, 78}
	got, err := encodeAll(imgs, qs, 4<<10)
	if err != nil {
		t.Fatal(err)
	}
	for i, img := range imgs {
		var want bytes.Buffer
		if err := jpeg.Encode(&want, img, &jpeg.Options{Quality: qs[i]}); err != nil {
			t.Fatal(err)
		}
		if a, b := decodeJPEG(t, got[i]), decodeJPEG(t, want.Bytes()); a.Rect != b.Rect || !bytes.Equal(a.Pix, b.Pix) {
			t.Errorf("image %d: not the pixels of jpeg.Encode", i)
		}
	}
}

// TestJoinStripsRefusesMismatchedStrips: strips with other tables (another
// quality, or gray among colour) are not joined into a broken file.
func TestJoinStripsRefusesMismatchedStrips(t *testing.T) {
	t.Parallel()
	enc := func(img image.Image, q int) []byte {
		var b bytes.Buffer
		if err := jpeg.Encode(&b, img, &jpeg.Options{Quality: q}); err != nil {
			t.Fatal(err)
		}
		return b.Bytes()
	}
	colour := phototest.MakeImage(32, 16, 3)
	a, b := enc(colour, 80), enc(colour, 80)
	if _, err := joinStrips([][]byte{a, b}, 32, 2); err != nil {
		t.Fatalf("matching strips: %v", err)
	}
	for name, other := range map[string][]byte{
		"quality":   enc(colour, 81),
		"gray":      enc(image.NewGray(colour.Rect), 80),
		"truncated": b[:len(b)-10],
		"empty":     nil,
	} {
		if _, err := joinStrips([][]byte{a, other}, 32, 2); err == nil {
			t.Errorf("%s: joined", name)
		}
	}
	for _, c := range []struct{ h, ri int }{{0, 2}, {1 << 16, 2}, {32, 0}, {32, 1 << 16}} {
		if _, err := joinStrips([][]byte{a, b}, c.h, c.ri); err == nil {
			t.Errorf("%s: joined", fmt.Sprintf("height %d, interval %d", c.h, c.ri))
		}
	}
}

// TestEncodeAllFallsBackWhenAJoinFails: when joining the strips fails (as it
// would if image/jpeg changed its output layout), the image is encoded in
// one piece: the same bytes as jpeg.Encode, no error, the other images
// still joined.
func TestEncodeAllFallsBackWhenAJoinFails(t *testing.T) {
	t.Parallel()
	big := phototest.MakeImage(640, 480, 3)
	small := phototest.MakeImage(64, 48, 4)
	calls := 0
	failFirst := func(parts [][]byte, h, ri int) ([]byte, error) {
		calls++
		if calls == 1 {
			return nil, errStrip
		}
		return joinStrips(parts, h, ri)
	}
	out, err := encodeAllWith([]image.Image{big, big, small}, []int{85, 70, 85}, 64*64, failFirst)
	if err != nil {
		t.Fatalf("a failed join must not fail the encode: %v", err)
	}
	if calls != 2 {
		t.Fatalf("join called %d times, want 2 (the small image is one strip)", calls)
	}
	var plain bytes.Buffer
	if err := jpeg.Encode(&plain, big, &jpeg.Options{Quality: 85}); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(out[0], plain.Bytes()) {
		t.Errorf("the fallback is not plain jpeg.Encode's file")
	}
	if rst, _ := markers(out[1]); rst == 0 {
		t.Errorf("the second image was not joined from strips")
	}
	for i, d := range out {
		if _, err := jpeg.Decode(bytes.NewReader(d)); err != nil {
			t.Errorf("image %d does not decode: %v", i, err)
		}
	}
}
