package photo

import (
	"bytes"
	"errors"
	"fmt"
	"image"
	"image/jpeg"
	"runtime"
	"sync"
	"sync/atomic"
)

// image/jpeg encodes on one goroutine. To use every CPU, encodeAll cuts
// each image into horizontal strips of whole MCU rows, encodes every strip
// on its own with image/jpeg, and joins the strips' entropy-coded data
// into one baseline JPEG with a restart marker between strips (DRI set to
// a strip's MCU count). A restart resets exactly what starting a new
// image does (the DC predictors, byte alignment), and image/jpeg's
// headers for strips of one image differ only in the height, so the
// joined file decodes to the same pixels as jpeg.Encode of the whole image
// would give. Restart markers are baseline JPEG that every decoder reads
// (libjpeg-turbo's djpeg, too, gives the same pixels for both files).

// stripPixels is about how many pixels a strip holds: small enough to
// spread a 2560×1920 image over the CPUs and balance them, large enough
// that the per-strip overhead (a 2-byte marker, under a byte of padding,
// a header parsed) does not matter.
const stripPixels = 256 << 10

type subImager interface {
	SubImage(image.Rectangle) image.Image
}

// mcuSize is the MCU edge image/jpeg uses: 8 for Gray (one component),
// 16 for everything else (4:2:0).
func mcuSize(img image.Image) int {
	if _, ok := img.(*image.Gray); ok {
		return 8
	}
	return 16
}

type stripJob struct {
	m   image.Image
	q   int
	out bytes.Buffer
	err error
}

// encodeAll encodes imgs at the matching qualities, in strips of about
// stripPix pixels, all strips of all images sharing one pool of goroutines.
// Joining relies on image/jpeg's output layout, which is not documented:
// should a join ever fail, that image is encoded again in one piece with
// plain jpeg.Encode, so a new Go release can cost time but never an upload.
func encodeAll(imgs []image.Image, qs []int, stripPix int) ([][]byte, error) {
	return encodeAllWith(imgs, qs, stripPix, joinStrips)
}

func encodeAllWith(imgs []image.Image, qs []int, stripPix int, join func([][]byte, int, int) ([]byte, error)) ([][]byte, error) {
	var jobs []*stripJob
	strips := make([][]*stripJob, len(imgs))
	rows := make([]int, len(imgs))
	for i, img := range imgs {
		b := img.Bounds()
		si, ok := img.(subImager)
		rows[i] = stripRows(img, stripPix)
		// One strip when it cannot or need not be cut, or when it is too
		// large for a JPEG (jpeg.Encode says so).
		if !ok || rows[i] >= b.Dy() || b.Dx() > 0xFFFF || b.Dy() > 0xFFFF {
			strips[i] = []*stripJob{{m: img, q: qs[i]}}
		} else {
			for y := b.Min.Y; y < b.Max.Y; y += rows[i] {
				r := image.Rect(b.Min.X, y, b.Max.X, min(y+rows[i], b.Max.Y))
				strips[i] = append(strips[i], &stripJob{m: si.SubImage(r), q: qs[i]})
			}
		}
		jobs = append(jobs, strips[i]...)
	}
	var next atomic.Int64
	work := func() {
		for {
			k := int(next.Add(1)) - 1
			if k >= len(jobs) {
				return
			}
			j := jobs[k]
			sb := j.m.Bounds()
			j.out.Grow(sb.Dx() * sb.Dy() / 4)
			j.err = jpeg.Encode(&j.out, j.m, &jpeg.Options{Quality: j.q})
		}
	}
	if workers := min(runtime.NumCPU(), len(jobs)); workers > 1 {
		var wg sync.WaitGroup
		for range workers {
			wg.Go(work)
		}
		wg.Wait()
	} else {
		work()
	}
	out := make([][]byte, len(imgs))
	for i, ss := range strips {
		parts := make([][]byte, len(ss))
		for k, j := range ss {
			if j.err != nil {
				return nil, j.err
			}
			parts[k] = j.out.Bytes()
		}
		if len(parts) == 1 {
			out[i] = parts[0]
			continue
		}
		data, err := join(parts, imgs[i].Bounds().Dy(), restartInterval(imgs[i], rows[i]))
		if err != nil {
			var buf bytes.Buffer
			if err := jpeg.Encode(&buf, imgs[i], &jpeg.Options{Quality: qs[i]}); err != nil {
				return nil, err
			}
			data = buf.Bytes()
		}
		out[i] = data
	}
	return out, nil
}

// stripRows is the height of a strip: whole MCU rows, about stripPix
// pixels, and at most 65535 MCUs (the largest restart interval).
func stripRows(img image.Image, stripPix int) int {
	b := img.Bounds()
	mcu := mcuSize(img)
	perRow := (b.Dx() + mcu - 1) / mcu
	rows := max(1, stripPix/(mcu*mcu*perRow))
	rows = min(rows, 0xFFFF/perRow)
	return rows * mcu
}

func restartInterval(img image.Image, rows int) int {
	mcu := mcuSize(img)
	return (img.Bounds().Dx() + mcu - 1) / mcu * (rows / mcu)
}

var errStrip = errors.New("photo: unexpected JPEG strip layout")

// jpegLayout is where things are in an image/jpeg output.
type jpegLayout struct {
	sofHeight int // offset of the SOF0 height field
	sos       int // offset of the SOS marker
	scan      int // offset of the entropy-coded data, which runs to EOI
}

// splitJPEG finds the layout of an image/jpeg output: SOI, tables and
// SOF0, SOS, the scan and EOI.
func splitJPEG(b []byte) (jpegLayout, error) {
	l := jpegLayout{sofHeight: -1}
	if len(b) < 4 || b[0] != 0xFF || b[1] != 0xD8 || b[len(b)-2] != 0xFF || b[len(b)-1] != 0xD9 {
		return l, errStrip
	}
	for i := 2; i+4 <= len(b); {
		if b[i] != 0xFF {
			return l, errStrip
		}
		marker := b[i+1]
		n := int(b[i+2])<<8 | int(b[i+3])
		end := i + 2 + n
		if n < 2 || end > len(b)-2 {
			return l, errStrip
		}
		switch marker {
		case 0xC0: // SOF0: length, precision, height, width
			l.sofHeight = i + 5
		case 0xDA: // SOS: the scan follows
			if l.sofHeight < 0 {
				return l, errStrip
			}
			l.sos, l.scan = i, end
			return l, nil
		case 0xDD: // DRI: image/jpeg writes none
			return l, errStrip
		}
		i = end
	}
	return l, errStrip
}

// joinStrips makes one JPEG of height h from the encoded strips, ri MCUs
// each (the last may have fewer).
func joinStrips(parts [][]byte, h, ri int) ([]byte, error) {
	if ri < 1 || ri > 0xFFFF || h < 1 || h > 0xFFFF {
		return nil, errStrip
	}
	size := 0
	for _, p := range parts {
		size += len(p) + 2
	}
	out := make([]byte, 0, size+6)
	var first jpegLayout
	for k, p := range parts {
		l, err := splitJPEG(p)
		if err != nil {
			return nil, fmt.Errorf("strip %d: %w", k, err)
		}
		if k == 0 {
			// The header with the full height, and DRI just before SOS.
			out = append(out, p[:l.sos]...)
			out[l.sofHeight], out[l.sofHeight+1] = byte(h>>8), byte(h)
			out = append(out, 0xFF, 0xDD, 0x00, 0x04, byte(ri>>8), byte(ri))
			out = append(out, p[l.sos:l.scan]...)
			first = l
		} else {
			// Every strip must have been encoded with the same tables:
			// the headers differ only in the height.
			f := parts[0]
			if l != first || !bytes.Equal(p[:l.sofHeight], f[:l.sofHeight]) || !bytes.Equal(p[l.sofHeight+2:l.scan], f[l.sofHeight+2:l.scan]) {
				return nil, fmt.Errorf("strip %d: %w", k, errStrip)
			}
			out = append(out, 0xFF, 0xD0+byte((k-1)&7))
		}
		out = append(out, p[l.scan:len(p)-2]...)
	}
	return append(out, 0xFF, 0xD9), nil
}
