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

// BenchmarkEncodeVariants: the three variants of one upload encoded
// (single), and 20 uploads' variants encoded at once (parallel20, one op
// = all 20 uploads).
func BenchmarkEncodeVariants(b *testing.B) {
	imgs := benchVariants(b)
	qs := []int{originalQ, previewQ, thumbQ}
	b.Run("single", func(b *testing.B) {
		b.ReportAllocs()
		cpu := processCPU()
		for b.Loop() {
			if _, err := encode(imgs, qs); err != nil {
				b.Fatal(err)
			}
		}
		reportCPU(b, cpu)
	})
	b.Run("parallel20", func(b *testing.B) {
		b.ReportAllocs()
		cpu := processCPU()
		for b.Loop() {
			var wg sync.WaitGroup
			for range 20 {
				wg.Go(func() {
					if _, err := encode(imgs, qs); err != nil {
						b.Error(err)
					}
				})
			}
			wg.Wait()
		}
		reportCPU(b, cpu)
	})
}

// reportCPU adds the process's CPU time per op since start: unlike ns/op
// it hardly moves when other work shares the machine, and on an idle
// machine it is what bounds throughput once every core is busy.
func reportCPU(b *testing.B, start time.Duration) {
	b.ReportMetric(float64(processCPU()-start)/1e6/float64(b.N), "cpu-ms/op")
}
