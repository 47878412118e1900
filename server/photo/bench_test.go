package photo

import (
	"bytes"
	"context"
	"gendan/server/photo/phototest"
	"image/jpeg"
	"runtime"
	"runtime/metrics"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

var (
	bigOnce sync.Once
	bigJPEG []byte
)

// big12MP is a 4000×3000 noisy JPEG of about 8 MB, like a phone's photo.
func big12MP(b *testing.B) []byte {
	bigOnce.Do(func() { bigJPEG = phototest.WithExif(phototest.MakeJPEG(b, 4000, 3000, 97), 6) })
	return bigJPEG
}

// peakHeap samples live heap bytes every millisecond while fn runs.
func peakHeap(fn func()) (peak uint64) {
	runtime.GC()
	sample := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
	metrics.Read(sample)
	base := sample[0].Value.Uint64()
	var max atomic.Uint64
	stop := make(chan struct{})
	done := make(chan struct{})
	go func() {
		defer close(done)
		s := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
		t := time.NewTicker(time.Millisecond)
		defer t.Stop()
		for {
			metrics.Read(s)
			if v := s[0].Value.Uint64(); v > max.Load() {
				max.Store(v)
			}
			select {
			case <-stop:
				return
			case <-t.C:
			}
		}
	}()
	fn()
	close(stop)
	<-done
	if m := max.Load(); m > base {
		return m - base
	}
	return 0
}

// BenchmarkProcess12MP: an 8 MB, 12 MP JPEG (EXIF orientation 6) to the
// three variants. Reports the input size, peak live heap above the
// baseline and the decoded image's size (YCbCr 4:2:0) for comparison.
func BenchmarkProcess12MP(b *testing.B) {
	src := big12MP(b)
	p := NewProcessor(0)
	b.SetBytes(int64(len(src)))
	b.ReportAllocs()
	var peak uint64
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if pk := peakHeap(func() {
			if _, err := p.Process(context.Background(), bytes.NewReader(src)); err != nil {
				b.Fatal(err)
			}
		}); pk > peak {
			peak = pk
		}
	}
	b.StopTimer()
	cfg, _ := jpeg.DecodeConfig(bytes.NewReader(src))
	decoded := float64(cfg.Width*cfg.Height) * 1.5
	b.ReportMetric(float64(len(src))/1e6, "input-MB")
	b.ReportMetric(float64(peak)/1e6, "peak-heap-MB")
	b.ReportMetric(float64(peak)/decoded, "peak/decoded")
}

// BenchmarkDecode12MP is the stdlib JPEG decode alone, for comparison.
func BenchmarkDecode12MP(b *testing.B) {
	src := big12MP(b)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := jpeg.Decode(bytes.NewReader(src)); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkPreviewAndThumb: from the decoded 12 MP image to the stored
// variants (resize, orient, encode) — the work after decoding.
func BenchmarkPreviewAndThumb(b *testing.B) {
	img, err := jpeg.Decode(bytes.NewReader(big12MP(b)))
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := encodeVariants(JPEG, img, 6); err != nil {
			b.Fatal(err)
		}
	}
}
