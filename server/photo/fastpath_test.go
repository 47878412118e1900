package photo

import (
	"bytes"
	"context"
	"encoding/base64"
	"fmt"
	"image"
	"image/draw"
	"image/jpeg"
	"math"
	"testing"

	"golang.org/x/image/webp"
)

// The YCbCr fast path (resizeYCbCr) is checked two ways: against the
// imaging path it replaces (same sizes, and PSNR of the encoded results),
// and against pictures whose every pixel value is known (linear ramps), so
// that sizes too large or too odd for the imaging comparison are checked
// pixel by pixel.

// minPSNR is the least PSNR (over R, G, B, in dB) allowed between a
// fast-path result and the imaging path's, both JPEG-encoded and decoded.
// Measured: 43–49 dB here, 44.5/46.9/48.1 dB for the original, preview and
// thumb of the noisy 12 MP benchmark photo. The luma filter is the same;
// what differs is rounding (imaging rounds to 8 bits between its passes
// and converts to RGB first) and chroma, which the fast path filters at
// 4:2:0 where imaging filters RGB that the encoder then averages to 4:2:0.
// The faults this must catch score far lower (seen by breaking the code on
// purpose): a picture or its chroma mirrored the wrong way 12–16 dB, chroma
// read at the wrong subsampling 17–22 dB, every sample one source pixel
// off 31–36 dB. 38 dB sits between, and is still well above ~30 dB, where
// a difference starts to be visible at all.
const minPSNR = 38

var ratios = []image.YCbCrSubsampleRatio{
	image.YCbCrSubsampleRatio444, image.YCbCrSubsampleRatio422, image.YCbCrSubsampleRatio420,
	image.YCbCrSubsampleRatio440, image.YCbCrSubsampleRatio411, image.YCbCrSubsampleRatio410,
}

// makeYCbCr draws a w×h picture straight into the planes of a YCbCr image
// of ratio r, each chroma sample taken at its centre: luma ramps up to the
// right and down, with ripples and a fine texture; blue-difference rises
// to the right, red-difference downwards, and a blob near the top left
// moves both. Every mirror and turn changes it.
func makeYCbCr(w, h int, r image.YCbCrSubsampleRatio) *image.YCbCr {
	img := image.NewYCbCr(image.Rect(0, 0, w, h), r)
	fx, fy, _ := chromaFactors(r)
	at := func(i, n, f int) float64 { // centre of sample i, as a fraction of n
		return float64(i*f+min((i+1)*f, n)) / 2 / float64(n)
	}
	// The terms are separable, so rows and columns are computed once.
	type axis struct{ ramp, ripple, texture, blob []float64 }
	mk := func(n, f int, rampK, rippleK, textureK, blobAt float64) axis {
		var a axis
		for i := range (n + f - 1) / f {
			u := at(i, n, f)
			a.ramp = append(a.ramp, rampK*u)
			a.ripple = append(a.ripple, math.Cos(u*rippleK))
			a.texture = append(a.texture, math.Sin(u*float64(n)*textureK))
			a.blob = append(a.blob, math.Exp(-(u-blobAt)*(u-blobAt)*40))
		}
		return a
	}
	lx, ly := mk(w, 1, 120, 25, 0.9, 0.2), mk(h, 1, 40, 17, 0.7, 0.25)
	for y := range h {
		row := img.Y[y*img.YStride:][:w]
		for x := range row {
			row[x] = clamp8(40 + lx.ramp[x] + ly.ramp[y] + 25*lx.ripple[x]*ly.ripple[y] + 8*lx.texture[x]*ly.texture[y])
		}
	}
	cx, cy := mk(w, fx, 100, 0, 0, 0.2), mk(h, fy, 80, 0, 0, 0.25)
	for y := range cy.ramp {
		for x := range cx.ramp {
			blob := 50 * cx.blob[x] * cy.blob[y]
			img.Cb[y*img.CStride+x] = clamp8(80 + cx.ramp[x] - blob)
			img.Cr[y*img.CStride+x] = clamp8(90 + cy.ramp[y] + blob)
		}
	}
	return img
}

func clamp8(f float64) uint8 { return uint8(math.Max(0, math.Min(255, math.Round(f)))) }

func toRGBA(img image.Image) *image.RGBA {
	b := img.Bounds()
	d := image.NewRGBA(image.Rect(0, 0, b.Dx(), b.Dy()))
	draw.Draw(d, d.Bounds(), img, b.Min, draw.Src)
	return d
}

// psnr compares the R, G and B of two images of the same size, in dB.
func psnr(a, b *image.RGBA) float64 {
	var se float64
	n := 0
	for i := range a.Pix {
		if i%4 != 3 {
			d := float64(a.Pix[i]) - float64(b.Pix[i])
			se += d * d
			n++
		}
	}
	if se == 0 {
		return math.Inf(1)
	}
	return 10 * math.Log10(255*255*float64(n)/se)
}

// decoded is what a stored variant shows: img as a q90 JPEG, decoded.
func decoded(t *testing.T, img image.Image) *image.RGBA {
	t.Helper()
	vs, err := encode([]image.Image{img}, []int{90})
	if err != nil {
		t.Fatal(err)
	}
	return decodeJPEG(t, vs[0].Data)
}

func decodeJPEG(t *testing.T, data []byte) *image.RGBA {
	t.Helper()
	d, err := jpeg.Decode(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	return toRGBA(d)
}

// imagingResult is what encodeVariants gave before the fast path: the
// three variants by way of imaging.
func imagingResult(format string, img image.Image, o int) ([]Variant, error) {
	orig, preview, thumb := imagingVariants(format, img, o)
	return encode([]image.Image{orig, preview, thumb}, []int{originalQ, previewQ, thumbQ})
}

func TestFitSizeMatchesImaging(t *testing.T) {
	t.Parallel()
	img := image.NewGray(image.Rect(0, 0, 40, 40))
	for w := 1; w <= 40; w++ {
		for h := 1; h <= 40; h += 3 {
			for _, edge := range []int{1, 7, 16, 32} {
				want := fit(img.SubImage(image.Rect(0, 0, w, h)), edge).Bounds().Size()
				if gw, gh := fitSize(w, h, edge); gw != want.X || gh != want.Y {
					t.Errorf("fitSize(%d, %d, %d) = %dx%d, imaging %v", w, h, edge, gw, gh, want)
				}
			}
		}
	}
}

// TestYCbCrFastPathMatchesImaging: every ratio under every orientation,
// scaled by a non-integer factor and only turned, against orient(fit(…)).
func TestYCbCrFastPathMatchesImaging(t *testing.T) {
	t.Parallel()
	worst := math.Inf(1)
	for _, c := range []struct{ w, h, edge int }{{241, 163, 128}, {97, 61, 128}} {
		for _, r := range ratios {
			src := makeYCbCr(c.w, c.h, r)
			for o := 1; o <= 8; o++ {
				name := fmt.Sprintf("%dx%d %v orientation %d", c.w, c.h, r, o)
				fast := resizeYCbCr(src, c.edge, o)
				ref := orient(fit(src, c.edge), o)
				if fast.Bounds().Size() != ref.Bounds().Size() {
					t.Errorf("%s: %v, imaging %v", name, fast.Bounds().Size(), ref.Bounds().Size())
					continue
				}
				p := psnr(decoded(t, fast), decoded(t, ref))
				worst = min(worst, p)
				if p < minPSNR {
					t.Errorf("%s: PSNR %.1f dB against imaging, want ≥ %d", name, p, minPSNR)
				}
			}
		}
	}
	t.Logf("lowest PSNR %.1f dB", worst)
}

// ramp is a linear function of the position (in source pixels) for one
// plane; rampImage draws one per plane, the chroma ones at the chroma
// samples' centres.
type ramp struct{ c, du, dv float64 }

func (r ramp) at(u, v float64) float64 { return r.c + r.du*u + r.dv*v }

func rampImage(w, h int, ratio image.YCbCrSubsampleRatio) (*image.YCbCr, [3]ramp) {
	// Steep where the image is small (4 levels a pixel for luma, 1 for
	// chroma), and never past 0–255.
	slope := func(n int, most float64) float64 { return math.Min(most, 100/float64(n)) }
	rs := [3]ramp{
		{40, slope(w, 4), slope(h, 4)},
		{128, slope(w, 1), -slope(h, 1)},
		{128, -slope(w, 1), slope(h, 1)},
	}
	img := image.NewYCbCr(image.Rect(0, 0, w, h), ratio)
	for y := range h {
		for x := range w {
			img.Y[y*img.YStride+x] = clamp8(rs[0].at(float64(x)+0.5, float64(y)+0.5))
		}
	}
	fx, fy, _ := chromaFactors(ratio)
	for cy := range (h + fy - 1) / fy {
		for cx := range (w + fx - 1) / fx {
			u := float64(cx*fx+min((cx+1)*fx, w)) / 2
			v := float64(cy*fy+min((cy+1)*fy, h)) / 2
			img.Cb[cy*img.CStride+cx] = clamp8(rs[1].at(u, v))
			img.Cr[cy*img.CStride+cx] = clamp8(rs[2].at(u, v))
		}
	}
	return img, rs
}

// sourcePoint maps a point of the output (ow×oh, after orientation o)
// back to the sw×sh source, by the EXIF definitions: 2 mirrors
// left-right, 3 turns 180°, 4 mirrors top-bottom, 5 transposes, 6 turns
// 90° clockwise, 7 transverses, 8 turns 90° anticlockwise.
func sourcePoint(X, Y float64, o, sw, sh, ow, oh int) (u, v float64) {
	w, h := float64(ow), float64(oh) // the output before it was turned
	if o >= 5 {
		w, h = h, w
	}
	var x, y float64
	switch o {
	case 1:
		x, y = X, Y
	case 2:
		x, y = w-X, Y
	case 3:
		x, y = w-X, h-Y
	case 4:
		x, y = X, h-Y
	case 5:
		x, y = Y, X
	case 6:
		x, y = Y, h-X
	case 7:
		x, y = w-Y, h-X
	case 8:
		x, y = w-Y, X
	}
	return x * float64(sw) / w, y * float64(sh) / h
}

// TestYCbCrOddAndExtremeSizes: odd, tiny and very long images, each plane
// compared pixel by pixel with the ramp it was drawn from. A filter
// reproduces a ramp, so only rounding and the clipped edges may differ;
// when nothing is scaled the luma must be the source's exactly.
func TestYCbCrOddAndExtremeSizes(t *testing.T) {
	t.Parallel()
	cases := []struct {
		w, h, edge   int
		ratios       []image.YCbCrSubsampleRatio
		orientations []int
		want         image.Point // size before orientation
	}{
		// Big sizes are costly under -race: one ratio, the orientation
		// that both turns and mirrors both ways, and the size worked out
		// by hand (1921·2560/2561 = 1920.25) rather than by imaging.
		{2561, 1921, OriginalEdge, ratios[2:3], []int{7}, image.Pt(2560, 1920)},
		{5000, 10, OriginalEdge, ratios, nil, image.Pt(2560, 5)},
		{10, 5000, OriginalEdge, ratios, nil, image.Pt(5, 2560)},
		{1, 3000, OriginalEdge, ratios, nil, image.Pt(1, 2560)},
		{3, 5, ThumbEdge, ratios, nil, image.Pt(3, 5)},
		{5, 3, ThumbEdge, ratios, nil, image.Pt(5, 3)},
		{7, 3, 2, ratios, nil, image.Pt(2, 1)},
		{1, 1, ThumbEdge, ratios, nil, image.Pt(1, 1)},
		{2, 2, 1, ratios, nil, image.Pt(1, 1)},
	}
	for _, c := range cases {
		orients := c.orientations
		if orients == nil {
			orients = []int{1, 2, 3, 4, 5, 6, 7, 8}
		}
		for ri, r := range c.ratios {
			src, rs := rampImage(c.w, c.h, r)
			for _, o := range orients {
				name := fmt.Sprintf("%dx%d %v orientation %d", c.w, c.h, r, o)
				got := resizeYCbCr(src, c.edge, o)
				want := c.want
				if o >= 5 {
					want = image.Pt(want.Y, want.X)
				}
				if got.Bounds() != (image.Rectangle{Max: want}) {
					t.Errorf("%s: %v, want %v", name, got.Bounds(), want)
					continue
				}
				if ri == 0 && c.w*c.h < 1e6 { // the imaging path agrees on the size
					if ref := orient(fit(src, c.edge), o).Bounds().Size(); ref != want {
						t.Errorf("%s: imaging gives %v, want %v", name, ref, want)
					}
				}
				if got == src {
					if o != 1 {
						t.Errorf("%s: returned the source unchanged", name)
					}
					continue
				}
				if got.SubsampleRatio != image.YCbCrSubsampleRatio420 {
					t.Errorf("%s: ratio %v", name, got.SubsampleRatio)
				}
				// Big images: every 7th row and column is plenty.
				step := 1
				if want.X*want.Y > 1e6 {
					step = 7
				}
				checkRamps(t, name, got, rs, o, image.Pt(c.w, c.h), c.w*c.h == want.X*want.Y, step)
			}
		}
	}
}

// checkRamps compares each plane of got, made by resizeYCbCr under
// orientation o from a src-sized image drawn by rampImage with ramps rs,
// with the ramps: within 3 levels (the worst seen is 2.5, at the edges
// of 4:1:x chroma), and luma exactly when exactY (nothing was scaled).
func checkRamps(t *testing.T, name string, got *image.YCbCr, rs [3]ramp, o int, src image.Point, exactY bool, step int) {
	t.Helper()
	const tolerance = 3
	W, H := got.Rect.Dx(), got.Rect.Dy()
	check := func(plane string, pix []byte, stride, f int, rp ramp, exact bool) {
		var bad int
		var worst float64
		for y := 0; y < (H+f-1)/f; y += step {
			for x := 0; x < (W+f-1)/f; x += step {
				X := float64(x*f+min((x+1)*f, W)) / 2
				Y := float64(y*f+min((y+1)*f, H)) / 2
				u, v := sourcePoint(X, Y, o, src.X, src.Y, W, H)
				expect := rp.at(u, v)
				if exact {
					expect = float64(clamp8(expect))
				}
				d := math.Abs(float64(pix[y*stride+x]) - expect)
				worst = max(worst, d)
				if d > tolerance || exact && d != 0 {
					bad++
				}
			}
		}
		if bad > 0 {
			t.Errorf("%s: %s: %d samples off, worst by %.1f", name, plane, bad, worst)
		}
	}
	check("Y", got.Y, got.YStride, 1, rs[0], exactY)
	check("Cb", got.Cb, got.CStride, 2, rs[1], false)
	check("Cr", got.Cr, got.CStride, 2, rs[2], false)
}

// TestYCbCrSubImageFallsBack: a source not at the origin (a sub-image,
// whose first chroma sample may start outside it) takes the imaging path.
func TestYCbCrSubImageFallsBack(t *testing.T) {
	t.Parallel()
	full := makeYCbCr(67, 45, image.YCbCrSubsampleRatio420)
	if !fastYCbCr(full) {
		t.Fatal("a decoded image does not take the fast path")
	}
	sub := full.SubImage(image.Rect(3, 1, 66, 44)).(*image.YCbCr)
	if fastYCbCr(sub) {
		t.Fatal("a sub-image takes the fast path")
	}
	res, err := encodeVariants(JPEG, sub, 6)
	if err != nil {
		t.Fatal(err)
	}
	if res.Original.Width != 43 || res.Original.Height != 63 {
		t.Fatalf("original %dx%d, want 43x63", res.Original.Width, res.Original.Height)
	}
}

// TestVariantsFastPathMatchesImagingPath: the three variants of a YCbCr
// image, fast path against the imaging path, for an upright and a turned
// photo: same sizes, the same picture.
func TestVariantsFastPathMatchesImagingPath(t *testing.T) {
	t.Parallel()
	// Long enough for all three to be scaled, thin to be quick under -race.
	src := makeYCbCr(1600, 200, image.YCbCrSubsampleRatio420)
	worst := math.Inf(1)
	for _, o := range []int{1, 6} {
		fast, err := encodeVariants(JPEG, src, o)
		if err != nil {
			t.Fatal(err)
		}
		ref, err := imagingResult(JPEG, src, o)
		if err != nil {
			t.Fatal(err)
		}
		for i, v := range []Variant{fast.Original, fast.Preview, fast.Thumb} {
			if v.Width != ref[i].Width || v.Height != ref[i].Height {
				t.Errorf("orientation %d variant %d: %dx%d, imaging %dx%d", o, i, v.Width, v.Height, ref[i].Width, ref[i].Height)
				continue
			}
			p := psnr(decodeJPEG(t, v.Data), decodeJPEG(t, ref[i].Data))
			worst = min(worst, p)
			if p < minPSNR {
				t.Errorf("orientation %d variant %d: PSNR %.1f dB against imaging, want ≥ %d", o, i, p, minPSNR)
			}
		}
	}
	t.Logf("lowest PSNR %.1f dB", worst)
}

// A 45×31 lossy WebP (VP8) made by cwebp -q 75 from phototest.MakeImage(45, 31, 5).
const lossyWebP = "UklGRr4BAABXRUJQVlA4ILIBAABwCgCdASotAB8APpE6l0gloyIhNVQIALASCWwAnTLxxJlwOkGqDuQ9hv9HlsRH+RkrPnqe8H/Kb5svd/u5qG8buiMKbSKw3oIIuJQlZIcapRKgHqhfEkKbUGe94AD+/LFk1tw2vOmiPesHhSpskDowy4garMbMDcd1b1n1+YgjXlwwkwKmB3ZiHU15ow5rbxbf+DGRtSOFdR3yH/rSAoZHp6EfWW12n7WJbmGyPSeSEooHCSCxhCr43dseHBb85n/DsC/HlT8+DxOFiHWmKwcYWbOSpV996f0yPEAPhqvioqOZflqC6A3/PHCq7GFq8SQfmIedC8QrnPIkzPMKbHjb/7DNbXatdd4LuS2loTqnZu7TzEqUSJqRhBV8nFWgSs+nv43cQSLZLShiKk9HQkYQDopMWGez3uFvSBZfciAvjcbluN5qXmQd7ZUshYEh97IExrwucaDYciiQhiTZPAh7tdHmGXZV8e+ZE3hD9uW7RJLDRjrIy9cUJQ5gjZqAfVEi+zMXeFnupTsDbSan7vxm/9HUm9Iv6Kn9iuKxndmY88hXcrAnQ7EJ/qOjdA++1twAAA=="

func TestLossyWebPTakesTheFastPath(t *testing.T) {
	t.Parallel()
	data, err := base64.StdEncoding.DecodeString(lossyWebP)
	if err != nil {
		t.Fatal(err)
	}
	img, err := webp.Decode(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	y, ok := img.(*image.YCbCr)
	if !ok || !fastYCbCr(y) {
		t.Fatalf("lossy WebP decodes to %T, not a YCbCr the fast path takes", img)
	}
	res, err := NewProcessor(1).Process(context.Background(), bytes.NewReader(data))
	if err != nil || res.Format != WebP {
		t.Fatalf("webp: %v", err)
	}
	ref, err := imagingResult(WebP, img, 1)
	if err != nil {
		t.Fatal(err)
	}
	for i, v := range []Variant{res.Original, res.Preview, res.Thumb} {
		if v.Width != 45 || v.Height != 31 {
			t.Fatalf("variant %dx%d, want 45x31", v.Width, v.Height)
		}
		if p := psnr(decodeJPEG(t, v.Data), decodeJPEG(t, ref[i].Data)); p < minPSNR {
			t.Errorf("variant %d: PSNR %.1f dB against imaging, want ≥ %d", i, p, minPSNR)
		}
	}
}
