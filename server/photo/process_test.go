package photo

import (
	"bytes"
	"context"
	"errors"
	"gendan/server/photo/phototest"
	"image"
	"image/jpeg"
	"strings"
	"testing"
)

func TestExifIsStrippedAndOrientationApplied(t *testing.T) {
	src := phototest.WithExif(phototest.MakeJPEG(t, 400, 200, 90), 6) // 6: rotate 90° clockwise to view
	if exifOrientation(src) != 6 {
		t.Fatalf("fixture orientation not readable: %d", exifOrientation(src))
	}
	if !bytes.Contains(src, []byte("GendanCam")) || len(phototest.AppSegments(src)) == 0 {
		t.Fatal("fixture lacks its metadata")
	}
	res, err := NewProcessor(1).Process(context.Background(), bytes.NewReader(src))
	if err != nil {
		t.Fatal(err)
	}
	for name, v := range map[string]Variant{"original": res.Original, "preview": res.Preview, "thumb": res.Thumb} {
		if segs := phototest.AppSegments(v.Data); len(segs) != 0 {
			t.Errorf("%s keeps APP/COM segments %x", name, segs)
		}
		if bytes.Contains(v.Data, []byte("GendanCam")) || bytes.Contains(v.Data, []byte("Exif")) {
			t.Errorf("%s keeps metadata bytes", name)
		}
		if exifOrientation(v.Data) != 1 {
			t.Errorf("%s has an orientation tag", name)
		}
	}
	// Rotated upright: 200 wide, 400 high; the dark left edge is now the top.
	if res.Original.Width != 200 || res.Original.Height != 400 {
		t.Fatalf("original %dx%d, want 200x400", res.Original.Width, res.Original.Height)
	}
	img, err := jpeg.Decode(bytes.NewReader(res.Original.Data))
	if err != nil {
		t.Fatal(err)
	}
	top := luma(img, 100, 5)
	bottom := luma(img, 100, 395)
	if top >= bottom {
		t.Fatalf("not rotated clockwise: top luma %d, bottom %d", top, bottom)
	}
}

func luma(img image.Image, x, y int) uint32 {
	r, g, b, _ := img.At(x, y).RGBA()
	return (r + g + b) / 3
}

func TestOrientations(t *testing.T) {
	for o, want := range map[int][2]int{1: {300, 100}, 2: {300, 100}, 3: {300, 100}, 4: {300, 100}, 5: {100, 300}, 6: {100, 300}, 7: {100, 300}, 8: {100, 300}} {
		res, err := NewProcessor(1).Process(context.Background(), bytes.NewReader(phototest.WithExif(phototest.MakeJPEG(t, 300, 100, 80), o)))
		if err != nil {
			t.Fatalf("orientation %d: %v", o, err)
		}
		if res.Original.Width != want[0] || res.Original.Height != want[1] {
			t.Errorf("orientation %d: %dx%d, want %dx%d", o, res.Original.Width, res.Original.Height, want[0], want[1])
		}
	}
}

func TestVariantSizes(t *testing.T) {
	cases := []struct {
		w, h                 int
		orig, preview, thumb [2]int
	}{
		{4000, 3000, [2]int{2560, 1920}, [2]int{1280, 960}, [2]int{320, 240}},
		{3000, 4000, [2]int{1920, 2560}, [2]int{960, 1280}, [2]int{240, 320}},
		{1000, 500, [2]int{1000, 500}, [2]int{1000, 500}, [2]int{320, 160}},
		{200, 100, [2]int{200, 100}, [2]int{200, 100}, [2]int{200, 100}},
		{1, 1, [2]int{1, 1}, [2]int{1, 1}, [2]int{1, 1}},
	}
	for _, c := range cases {
		res, err := NewProcessor(0).Process(context.Background(), bytes.NewReader(phototest.MakeJPEG(t, c.w, c.h, 75)))
		if err != nil {
			t.Fatalf("%dx%d: %v", c.w, c.h, err)
		}
		got := [3][2]int{{res.Original.Width, res.Original.Height}, {res.Preview.Width, res.Preview.Height}, {res.Thumb.Width, res.Thumb.Height}}
		if got != [3][2]int{c.orig, c.preview, c.thumb} {
			t.Errorf("%dx%d: variants %v", c.w, c.h, got)
		}
		for _, v := range []Variant{res.Original, res.Preview, res.Thumb} {
			cfg, err := jpeg.DecodeConfig(bytes.NewReader(v.Data))
			if err != nil || cfg.Width != v.Width || cfg.Height != v.Height {
				t.Errorf("%dx%d: variant does not decode to its size: %v", c.w, c.h, err)
			}
		}
	}
}

func TestPNGAndWebPAreAccepted(t *testing.T) {
	// A transparent PNG becomes a JPEG on white, not black.
	img := image.NewNRGBA(image.Rect(0, 0, 50, 40))
	res, err := NewProcessor(1).Process(context.Background(), bytes.NewReader(phototest.MakePNG(t, img)))
	if err != nil || res.Format != PNG {
		t.Fatalf("png: %v", err)
	}
	out, _ := jpeg.Decode(bytes.NewReader(res.Original.Data))
	if l := luma(out, 25, 20); l < 60000 {
		t.Fatalf("transparent pixels turned dark: luma %d", l)
	}
	// A lossless 1×1 WebP (VP8L), as browsers produce them.
	webp := []byte("RIFF\x1a\x00\x00\x00WEBPVP8L\x0d\x00\x00\x00\x2f\x00\x00\x00\x10\x07\x10\x11\x11\x88\x88\xfe\x07\x00")
	res, err = NewProcessor(1).Process(context.Background(), bytes.NewReader(webp))
	if err != nil || res.Format != WebP || res.Original.Width != 1 {
		t.Fatalf("webp: %v %+v", err, res)
	}
}

func TestBadFilesAreRejected(t *testing.T) {
	jpg := phototest.MakeJPEG(t, 64, 64, 80)
	cases := []struct {
		name string
		data []byte
		want error
	}{
		{"empty", nil, ErrUnsupported},
		{"svg", []byte(`<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>`), ErrUnsupported},
		{"html", []byte("<!doctype html><html><body><script>alert(1)</script></body></html>"), ErrUnsupported},
		{"gif", []byte("GIF89a\x01\x00\x01\x00\x00\x00\x00;"), ErrUnsupported},
		{"pdf", []byte("%PDF-1.7\n1 0 obj"), ErrUnsupported},
		{"polyglot jpeg magic + html", append([]byte{0xFF, 0xD8, 0xFF, 0xE0}, []byte("<html><script>alert(1)</script></html>")...), ErrDamaged},
		{"polyglot png magic + js", append([]byte("\x89PNG\r\n\x1a\n"), []byte("/*<script>*/alert(1)")...), ErrDamaged},
		{"truncated jpeg", jpg[:len(jpg)/2], ErrDamaged},
		{"jpeg header only", jpg[:200], ErrDamaged},
		{"heic", append([]byte("\x00\x00\x00\x18ftypheic\x00\x00\x00\x00mif1heic"), make([]byte, 64)...), ErrHEIC},
		{"heif mif1", append([]byte("\x00\x00\x00\x18ftypmif1\x00\x00\x00\x00mif1heic"), make([]byte, 64)...), ErrHEIC},
		{"avif", append([]byte("\x00\x00\x00\x1cftypavif\x00\x00\x00\x00avifmif1"), make([]byte, 64)...), ErrUnsupported},
		{"20k x 20k png", pngHeader(20000, 20000), ErrTooManyPixels},
		{"40MP + 1 row jpeg", jpegHeader(8000, 5001), ErrTooManyPixels},
	}
	p := NewProcessor(1)
	for _, c := range cases {
		_, err := p.Process(context.Background(), bytes.NewReader(c.data))
		if !errors.Is(err, c.want) {
			t.Errorf("%s: got %v, want %v", c.name, err, c.want)
		}
	}
	// Exactly 40 MP passes the pixel check (it then fails as damaged: no data).
	if _, err := p.Process(context.Background(), bytes.NewReader(jpegHeader(8000, 5000))); errors.Is(err, ErrTooManyPixels) {
		t.Error("40 MP exactly was refused as too large")
	}
}

// pngHeader is a PNG signature and IHDR for w×h with no image data: the
// pixel check must refuse it without decoding.
func pngHeader(w, h uint32) []byte {
	var b bytes.Buffer
	b.WriteString("\x89PNG\r\n\x1a\n")
	ihdr := []byte{0, 0, 0, 13, 'I', 'H', 'D', 'R',
		byte(w >> 24), byte(w >> 16), byte(w >> 8), byte(w), byte(h >> 24), byte(h >> 16), byte(h >> 8), byte(h),
		8, 6, 0, 0, 0}
	b.Write(ihdr)
	crc := crc32IEEE(ihdr[4:])
	b.Write([]byte{byte(crc >> 24), byte(crc >> 16), byte(crc >> 8), byte(crc)})
	b.WriteString(strings.Repeat("\x00", 16))
	return b.Bytes()
}

// jpegHeader is SOI, a JFIF APP0 and a baseline SOF0 for w×h (3
// components) and no image data.
func jpegHeader(w, h int) []byte {
	app0 := []byte{0xFF, 0xE0, 0x00, 0x10, 'J', 'F', 'I', 'F', 0, 1, 1, 0, 0, 1, 0, 1, 0, 0}
	sof := []byte{0xFF, 0xC0, 0x00, 0x11, 8, byte(h >> 8), byte(h), byte(w >> 8), byte(w), 3,
		1, 0x11, 0, 2, 0x11, 1, 3, 0x11, 1}
	return append(append(append([]byte{0xFF, 0xD8}, app0...), sof...), make([]byte, 64)...)
}
