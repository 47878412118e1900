package photo

import (
	"image"
	"math"
	"runtime"
	"sync"
)

// The fast path for *image.YCbCr sources (what image/jpeg and lossy WebP
// decode to). Each plane is resampled on its own, straight from the
// decoder's bytes, and the EXIF orientation is applied in the same pass:
// no pixel is converted to RGB and no full-size intermediate image exists.
//
// The filter is the one the imaging path uses (imaging.Linear: a triangle
// whose support widens with the scale factor), so for luma the weights are
// the same as imaging.Resize's and the pictures look the same and encode
// to the same sizes. An area average (box) would be a little cheaper, but
// it lets more fine detail and noise through: on the 12 MP test photo it
// made the stored original 13 % and the preview 25 % larger.
//
// The result is always 4:2:0. The JPEG encoder writes 4:2:0 for every
// colour image, whatever it is given, so finer chroma would be averaged
// away there anyway; and a fixed output ratio lets one resampler serve
// every source ratio under every orientation, including those whose
// transposed ratio image.YCbCr cannot express (4:1:1 on its side is 1:4).

// weightBits is the fixed-point precision of the filter weights: those of
// one output sample are non-negative and sum to exactly 1<<weightBits.
const weightBits = 14

// taps says, for each output sample along one axis, which run of input
// samples it is made of and with which weights.
type taps struct {
	n     int     // weights per output sample (the longest run), zero padded
	start []int32 // first input sample of each output sample
	w     []int32 // n weights per output sample
}

// axisSpec is one axis of a resampling. Positions are in source luma
// pixels: pixel k covers [k, k+1).
type axisSpec struct {
	srcLen int  // luma pixels along the source axis
	srcF   int  // subsampling of the source plane on that axis (1 for luma)
	dstLen int  // luma pixels along the destination axis
	dstF   int  // subsampling of the destination plane
	flip   bool // the destination runs the other way
}

// srcN and dstN are the planes' sizes along the axis.
func (a axisSpec) srcN() int { return (a.srcLen + a.srcF - 1) / a.srcF }
func (a axisSpec) dstN() int { return (a.dstLen + a.dstF - 1) / a.dstF }

// weights computes the taps. A sample sits at the centre of the luma
// pixels it covers (clipped to the image, as the JPEG encoder replicates
// the edge); a destination sample takes the source samples whose centres
// are closer than the filter radius (the larger of the two sample
// spacings), weighted by 1 − distance/radius and normalised. For luma
// this is imaging's Linear filter exactly; for chroma it also handles a
// change of subsampling, upsampling included (4:1:1 to 4:2:0
// horizontally).
func (a axisSpec) weights() *taps {
	S, D := float64(a.srcLen), float64(a.dstLen)
	f := a.srcF
	srcN, dstN := a.srcN(), a.dstN()
	radius := max(float64(a.dstF)*S/D, float64(f))
	center := func(p int) float64 { return float64(p*f+min((p+1)*f, a.srcLen)) / 2 }
	weight := func(p int, c float64) float64 { return 1 - math.Abs(center(p)-c)/radius }

	type run struct {
		c      float64 // centre of the destination sample, in source pixels
		p0, p1 int     // source samples with a positive weight
	}
	runs := make([]run, dstN)
	n := 1
	for i := range runs {
		lo, hi := i*a.dstF, min((i+1)*a.dstF, a.dstLen)
		c := float64(lo+hi) / 2 * S / D
		if a.flip {
			c = S - c
		}
		p0 := max(int(math.Floor((c-radius)/float64(f)))-1, 0)
		p1 := min(int(math.Ceil((c+radius)/float64(f)))+1, srcN)
		for p0 < p1-1 && weight(p0, c) <= 0 {
			p0++
		}
		for p1-1 > p0 && weight(p1-1, c) <= 0 {
			p1--
		}
		runs[i] = run{c, p0, p1}
		n = max(n, p1-p0)
	}
	t := &taps{n: n, start: make([]int32, dstN), w: make([]int32, dstN*n)}
	ws := make([]float64, n)
	for i, r := range runs {
		t.start[i] = int32(r.p0)
		var sum float64
		for k := range ws {
			ws[k] = 0
			if p := r.p0 + k; p < r.p1 {
				ws[k] = max(0, weight(p, r.c))
			}
			sum += ws[k]
		}
		if sum == 0 { // cannot happen: the nearest centre is within the radius
			ws[0], sum = 1, 1
		}
		// Cumulative rounding: the fixed-point weights sum to exactly 1.
		w := t.w[i*n : (i+1)*n]
		var cum float64
		var prev int32
		for k := range w {
			cum += ws[k]
			next := int32(math.Round(cum / sum * (1 << weightBits)))
			w[k] = next - prev
			prev = next
		}
	}
	return t
}

// plane is one channel of an image: w×h bytes, rows stride apart.
type plane struct {
	pix       []byte
	stride    int
	w, h      int
	transpose bool // (destination only) its x axis runs along the source's y axis
}

// resamplePlane fills dst from src: xt gives the taps along dst's x axis
// and yt along its y axis. Normally dst's x axis is src's x axis; when
// dst.transpose is set, dst's x axis is src's y axis and the other way.
//
// Workers take bands of destination lines: rows, or columns when
// transposed, so that the source is always read row by row. For one line
// a worker sums the source rows the line is made of, weighted, into acc
// (one value per source column), then filters acc along the line.
func resamplePlane(dst, src plane, xt, yt *taps) {
	lineTaps, posTaps := yt, xt
	lines, positions := dst.h, dst.w
	lineStep, posStep := dst.stride, 1
	if dst.transpose {
		lineTaps, posTaps = xt, yt
		lines, positions = dst.w, dst.h
		lineStep, posStep = 1, dst.stride
	}
	const half = 1 << (2*weightBits - 1) // rounding of a two-pass sum
	work := func(l0, l1 int) {
		n, m := lineTaps.n, posTaps.n
		acc := make([]int32, src.w+m) // zero tail for padded taps
		a := acc[:src.w]
		var rows [][]byte
		var ws []int32
		for l := l0; l < l1; l++ {
			rows, ws = rows[:0], ws[:0]
			s := int(lineTaps.start[l])
			for k, w := range lineTaps.w[l*n : (l+1)*n] {
				if w != 0 {
					rows = append(rows, src.pix[(s+k)*src.stride:][:src.w])
					ws = append(ws, w)
				}
			}
			// Weighted rows into acc: each value < 255<<weightBits.
			switch len(rows) {
			case 1:
				r0, w0 := rows[0][:len(a)], ws[0]
				for x := range a {
					a[x] = w0 * int32(r0[x])
				}
			case 2:
				r0, r1, w0, w1 := rows[0][:len(a)], rows[1][:len(a)], ws[0], ws[1]
				for x := range a {
					a[x] = w0*int32(r0[x]) + w1*int32(r1[x])
				}
			case 3:
				r0, r1, r2, w0, w1, w2 := rows[0][:len(a)], rows[1][:len(a)], rows[2][:len(a)], ws[0], ws[1], ws[2]
				for x := range a {
					a[x] = w0*int32(r0[x]) + w1*int32(r1[x]) + w2*int32(r2[x])
				}
			default:
				r0, r1, r2, r3 := rows[0][:len(a)], rows[1][:len(a)], rows[2][:len(a)], rows[3][:len(a)]
				w0, w1, w2, w3 := ws[0], ws[1], ws[2], ws[3]
				for x := range a {
					a[x] = w0*int32(r0[x]) + w1*int32(r1[x]) + w2*int32(r2[x]) + w3*int32(r3[x])
				}
				for k := 4; k < len(rows); k++ {
					r, w := rows[k][:len(a)], ws[k]
					for x := range a {
						a[x] += w * int32(r[x])
					}
				}
			}
			// Filter acc along the line; the sums are < 255<<(2·weightBits).
			off := l * lineStep
			pix := dst.pix
			switch m {
			case 1: // a single tap weighs 1<<weightBits
				for _, st := range posTaps.start[:positions] {
					pix[off] = uint8((acc[st] + 1<<(weightBits-1)) >> weightBits)
					off += posStep
				}
			case 2:
				for p, st := range posTaps.start[:positions] {
					v, w := acc[st:][:2], posTaps.w[2*p:][:2]
					sum := int64(w[0])*int64(v[0]) + int64(w[1])*int64(v[1])
					pix[off] = uint8((sum + half) >> (2 * weightBits))
					off += posStep
				}
			case 3:
				for p, st := range posTaps.start[:positions] {
					v, w := acc[st:][:3], posTaps.w[3*p:][:3]
					sum := int64(w[0])*int64(v[0]) + int64(w[1])*int64(v[1]) + int64(w[2])*int64(v[2])
					pix[off] = uint8((sum + half) >> (2 * weightBits))
					off += posStep
				}
			case 4:
				for p, st := range posTaps.start[:positions] {
					v, w := acc[st:][:4], posTaps.w[4*p:][:4]
					sum := int64(w[0])*int64(v[0]) + int64(w[1])*int64(v[1]) +
						int64(w[2])*int64(v[2]) + int64(w[3])*int64(v[3])
					pix[off] = uint8((sum + half) >> (2 * weightBits))
					off += posStep
				}
			default:
				for p, st := range posTaps.start[:positions] {
					v := acc[st:][:m]
					var sum int64
					for k, w := range posTaps.w[m*p:][:m] {
						sum += int64(w) * int64(v[k])
					}
					pix[off] = uint8((sum + half) >> (2 * weightBits))
					off += posStep
				}
			}
		}
	}
	// Split only when there is enough work to pay for the goroutines.
	workers := min(runtime.NumCPU(), lines, (src.w*src.h+dst.w*dst.h)/(256<<10)+1)
	if workers <= 1 {
		work(0, lines)
		return
	}
	var wg sync.WaitGroup
	for i := range workers {
		l0, l1 := lines*i/workers, lines*(i+1)/workers
		wg.Go(func() { work(l0, l1) })
	}
	wg.Wait()
}

// chromaFactors gives a ratio's horizontal and vertical chroma subsampling.
func chromaFactors(r image.YCbCrSubsampleRatio) (fx, fy int, ok bool) {
	switch r {
	case image.YCbCrSubsampleRatio444:
		return 1, 1, true
	case image.YCbCrSubsampleRatio422:
		return 2, 1, true
	case image.YCbCrSubsampleRatio420:
		return 2, 2, true
	case image.YCbCrSubsampleRatio440:
		return 1, 2, true
	case image.YCbCrSubsampleRatio411:
		return 4, 1, true
	case image.YCbCrSubsampleRatio410:
		return 4, 2, true
	}
	return 0, 0, false
}

// fastYCbCr reports whether resizeYCbCr handles src: every subsampling
// ratio image.YCbCr defines, at the origin where decoders put images (a
// sub-image elsewhere can have chroma samples that start outside it).
func fastYCbCr(src *image.YCbCr) bool {
	_, _, ok := chromaFactors(src.SubsampleRatio)
	return ok && src.Rect.Min == (image.Point{}) && !src.Rect.Empty()
}

// fitSize is the size fit gives a w×h image for a long edge of at most
// edge (imaging.Resize's rounding, at least one pixel); it never enlarges.
func fitSize(w, h, edge int) (int, int) {
	if w <= edge && h <= edge {
		return w, h
	}
	if w >= h {
		return edge, int(math.Max(1, math.Floor(float64(edge)*float64(h)/float64(w)+0.5)))
	}
	return int(math.Max(1, math.Floor(float64(edge)*float64(w)/float64(h)+0.5))), edge
}

// resizeYCbCr is orient(fit(src, edge), o) for a source fastYCbCr
// accepts, as a 4:2:0 image; src itself when there is nothing to do.
func resizeYCbCr(src *image.YCbCr, edge, o int) *image.YCbCr {
	sw, sh := src.Rect.Dx(), src.Rect.Dy()
	dw, dh := fitSize(sw, sh, edge)
	if o < 1 || o > 8 {
		o = 1
	}
	if o == 1 && dw == sw && dh == sh {
		return src
	}
	fx, fy, _ := chromaFactors(src.SubsampleRatio)
	// EXIF orientations 5–8 swap the axes; the destination's x axis is
	// mirrored for 2, 3, 6, 7 and its y axis for 3, 4, 7, 8.
	transpose := o >= 5
	flipX := o == 2 || o == 3 || o == 6 || o == 7
	flipY := o == 3 || o == 4 || o == 7 || o == 8
	// The source axes that feed the destination's x and y axes.
	xLen, xF, yLen, yF := sw, fx, sh, fy
	outW, outH := dw, dh
	if transpose {
		xLen, xF, yLen, yF = yLen, yF, xLen, xF
		outW, outH = dh, dw
	}
	dst := image.NewYCbCr(image.Rect(0, 0, outW, outH), image.YCbCrSubsampleRatio420)

	lx := axisSpec{srcLen: xLen, srcF: 1, dstLen: outW, dstF: 1, flip: flipX}
	ly := axisSpec{srcLen: yLen, srcF: 1, dstLen: outH, dstF: 1, flip: flipY}
	cx := axisSpec{srcLen: xLen, srcF: xF, dstLen: outW, dstF: 2, flip: flipX}
	cy := axisSpec{srcLen: yLen, srcF: yF, dstLen: outH, dstF: 2, flip: flipY}
	csw, csh := (sw+fx-1)/fx, (sh+fy-1)/fy // the source's chroma planes

	resamplePlane(plane{pix: dst.Y, stride: dst.YStride, w: outW, h: outH, transpose: transpose},
		plane{pix: src.Y, stride: src.YStride, w: sw, h: sh}, lx.weights(), ly.weights())
	cw, ch := cx.dstN(), cy.dstN()
	cxt, cyt := cx.weights(), cy.weights()
	for _, p := range [][2][]byte{{dst.Cb, src.Cb}, {dst.Cr, src.Cr}} {
		resamplePlane(plane{pix: p[0], stride: dst.CStride, w: cw, h: ch, transpose: transpose},
			plane{pix: p[1], stride: src.CStride, w: csw, h: csh}, cxt, cyt)
	}
	return dst
}
