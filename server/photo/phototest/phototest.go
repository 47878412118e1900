// Package phototest makes test images: noisy JPEGs of any size, EXIF
// segments with orientation and GPS data, and a scanner for metadata.
package phototest

import (
	"bytes"
	"encoding/binary"
	"image"
	"image/jpeg"
	"image/png"
	"math/rand/v2"
	"testing"
)

// MakeImage draws a left-dark/right-light gradient with noise, so the
// encoder has real work and orientation is visible: the top-left pixel is
// dark and the top-right light.
func MakeImage(w, h int, seed uint64) *image.RGBA {
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	// The noise is an inline xorshift64* (seeded from the seed by
	// math/rand/v2) rather than a rand.Rand call per pixel, which costs
	// seconds per 12 MP under -race; rows are written straight into Pix.
	s := rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15)).Uint64() | 1
	base := make([]uint8, w)
	for x := range base {
		base[x] = uint8(x * 200 / w)
	}
	for y := 0; y < h; y++ {
		row := img.Pix[y*img.Stride:][:4*w]
		blue := uint8(y * 255 / h)
		for x, b := range base {
			s ^= s >> 12
			s ^= s << 25
			s ^= s >> 27
			n := uint8((s * 0x2545F4914F6CDD1D >> 32) * 56 >> 32) // uniform in [0, 56)
			p := row[4*x:][:4]
			p[0], p[1], p[2], p[3] = b+n, b+n/2, blue, 255
		}
	}
	return img
}

// MakeJPEG encodes a MakeImage picture.
func MakeJPEG(t testing.TB, w, h, q int) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, MakeImage(w, h, uint64(w*h)), &jpeg.Options{Quality: q}); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// MakePNG encodes an image as PNG.
func MakePNG(t testing.TB, img image.Image) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// WithExif inserts an APP1 Exif segment after SOI holding IFD0 with the
// Orientation tag, a camera serial (BodySerialNumber via Exif IFD is not
// needed: Make is enough to see metadata) and a GPS IFD with a position.
func WithExif(jpg []byte, orientation int) []byte {
	le := binary.LittleEndian
	var t bytes.Buffer
	t.WriteString("II")
	binary.Write(&t, le, uint16(42))
	binary.Write(&t, le, uint32(8))
	// IFD0: 3 entries: Make, Orientation, GPSInfo pointer.
	ifd0 := 8
	entries := 3
	ifd0Size := 2 + entries*12 + 4
	makeOff := ifd0 + ifd0Size
	makeStr := "GendanCam SN-0042\x00"
	gpsOff := makeOff + len(makeStr)
	binary.Write(&t, le, uint16(entries))
	entry := func(tag, typ uint16, count, value uint32) {
		binary.Write(&t, le, tag)
		binary.Write(&t, le, typ)
		binary.Write(&t, le, count)
		binary.Write(&t, le, value)
	}
	entry(0x010F, 2, uint32(len(makeStr)), uint32(makeOff))
	binary.Write(&t, le, uint16(0x0112))
	binary.Write(&t, le, uint16(3))
	binary.Write(&t, le, uint32(1))
	binary.Write(&t, le, uint16(orientation))
	binary.Write(&t, le, uint16(0))
	entry(0x8825, 4, 1, uint32(gpsOff))
	binary.Write(&t, le, uint32(0))
	t.WriteString(makeStr)
	// GPS IFD: LatitudeRef N, Latitude 30/1 15/1 0/1 (rationals), LongitudeRef E.
	gpsEntries := 3
	ratOff := gpsOff + 2 + gpsEntries*12 + 4
	binary.Write(&t, le, uint16(gpsEntries))
	entry(0x0001, 2, 2, uint32('N'))
	entry(0x0002, 5, 3, uint32(ratOff))
	entry(0x0003, 2, 2, uint32('E'))
	binary.Write(&t, le, uint32(0))
	for _, v := range []uint32{30, 1, 15, 1, 0, 1} {
		binary.Write(&t, le, v)
	}
	payload := append([]byte("Exif\x00\x00"), t.Bytes()...)
	seg := []byte{0xFF, 0xE1, byte((len(payload) + 2) >> 8), byte(len(payload) + 2)}
	out := append([]byte{}, jpg[:2]...)
	out = append(out, seg...)
	out = append(out, payload...)
	return append(out, jpg[2:]...)
}

// AppSegments lists the APPn markers (0xE0–0xEF) and COM segments before the scan.
func AppSegments(b []byte) []byte {
	var found []byte
	i := 2
	for i+4 <= len(b) && b[i] == 0xFF {
		m := b[i+1]
		if m == 0xDA {
			break
		}
		if m >= 0xE0 && m <= 0xEF || m == 0xFE {
			found = append(found, m)
		}
		i += 2 + int(b[i+2])<<8 | int(b[i+3])
	}
	return found
}
