package photo

import (
	"bytes"
	"context"
	"sync"
	"testing"

	"gendan/server/photo/phototest"
)

// TestConcurrentUploadsAreBounded: 20 uploads at once never decode more
// images at a time than the processor allows, so memory stays bounded by
// that number of decodes rather than by the number of uploads.
func TestConcurrentUploadsAreBounded(t *testing.T) {
	src := phototest.MakeJPEG(t, 800, 600, 85)
	p := NewProcessor(2)
	var wg sync.WaitGroup
	errs := make(chan error, 20)
	for i := 0; i < 20; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if _, err := p.Process(context.Background(), bytes.NewReader(src)); err != nil {
				errs <- err
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
	if got := p.PeakInFlight(); got < 1 || got > 2 {
		t.Fatalf("peak decodes in flight %d, want 1–2", got)
	}
}

// BenchmarkTwentyParallelUploads12MP: 20 uploads of an 8 MB 12 MP JPEG at
// once on a processor sized to the CPUs; reports the peak live heap.
func BenchmarkTwentyParallelUploads12MP(b *testing.B) {
	src := big12MP(b)
	p := NewProcessor(0)
	var peak uint64
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		pk := peakHeap(func() {
			var wg sync.WaitGroup
			for j := 0; j < 20; j++ {
				wg.Add(1)
				go func() {
					defer wg.Done()
					if _, err := p.Process(context.Background(), bytes.NewReader(src)); err != nil {
						b.Error(err)
					}
				}()
			}
			wg.Wait()
		})
		peak = max(peak, pk)
	}
	b.ReportMetric(float64(peak)/1e6, "peak-heap-MB")
	b.ReportMetric(float64(p.PeakInFlight()), "max-in-flight")
}
