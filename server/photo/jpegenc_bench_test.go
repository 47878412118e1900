package photo

import (
	"bytes"
	"image"
	"image/jpeg"
	"sync"
	"testing"
	"time"
)

var (
	variantsOnce sync.Once
	variantImgs  []image.Image
)

// benchVariants are the 2560/1280/320 images the processor makes of the
// 12 MP benchmark photo (EXIF orientation 6), ready to encode.
func benchVariants(b *testing.B) []image.Image {
	variantsOnce.Do(func() {
		img, err := jpeg.Decode(bytes.NewReader(big12MP(b)))
		if err != nil {
			b.Fatal(err)
		}
		o, p, t := ycbcrVariants(img.(*image.YCbCr), 6)
		variantImgs = []image.Image{o, p, t}
	})
	return variantImgs
}

var benchQs = []int{originalQ, previewQ, thumbQ}

// plainEncode is one jpeg.Encode per image, one after another.
func plainEncode(imgs []image.Image, qs []int) ([][]byte, error) {
	out := make([][]byte, len(imgs))
	for i, img := range imgs {
		var buf bytes.Buffer
		b := img.Bounds()
		buf.Grow(b.Dx() * b.Dy() / 4)
		if err := jpeg.Encode(&buf, img, &jpeg.Options{Quality: qs[i]}); err != nil {
			return nil, err
		}
		out[i] = buf.Bytes()
	}
	return out, nil
}

// BenchmarkEncodeStripsVsPlain: the three variants of one upload encoded
// by the strip encoder and by plain jpeg.Encode, once (single) and as 20
// uploads at once (parallel20, one op = all 20 uploads).
func BenchmarkEncodeStripsVsPlain(b *testing.B) {
	imgs := benchVariants(b)
	encoders := []struct {
		name string
		fn   func([]image.Image, []int) ([][]byte, error)
	}{
		{"strips", func(imgs []image.Image, qs []int) ([][]byte, error) { return encodeAll(imgs, qs, stripPixels) }},
		{"plain", plainEncode},
	}
	for _, e := range encoders {
		b.Run("single/"+e.name, func(b *testing.B) {
			b.ReportAllocs()
			cpu := processCPU()
			for b.Loop() {
				if _, err := e.fn(imgs, benchQs); err != nil {
					b.Fatal(err)
				}
			}
			reportCPU(b, cpu)
		})
	}
	for _, e := range encoders {
		b.Run("parallel20/"+e.name, func(b *testing.B) {
			b.ReportAllocs()
			cpu := processCPU()
			for b.Loop() {
				var wg sync.WaitGroup
				for range 20 {
					wg.Go(func() {
						if _, err := e.fn(imgs, benchQs); err != nil {
							b.Error(err)
						}
					})
				}
				wg.Wait()
			}
			reportCPU(b, cpu)
		})
	}
}

// reportCPU adds the process's CPU time per op since start: unlike ns/op
// it hardly moves when other work shares the machine, and on an idle
// machine it is what bounds throughput once every core is busy.
func reportCPU(b *testing.B, start time.Duration) {
	b.ReportMetric(float64(processCPU()-start)/1e6/float64(b.N), "cpu-ms/op")
}
