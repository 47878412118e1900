// Package photo turns an uploaded image into the stored variants: it sniffs
// the content, checks the pixel count before decoding, applies the EXIF
// orientation and re-encodes as JPEG, which drops every piece of metadata
// (GPS position, camera serial, XMP).
package photo

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"image"
	"image/color"
	"image/draw"
	"image/jpeg"
	"image/png"
	"io"
	"runtime"
	"sync/atomic"

	"github.com/disintegration/imaging"
	"golang.org/x/image/webp"
)

// Sizes of the stored variants (long edge, pixels) and their JPEG quality.
const (
	OriginalEdge   = 2560
	PreviewEdge    = 1280
	ThumbEdge      = 320
	originalQ      = 85
	previewQ       = 82
	thumbQ         = 78
	DefaultMaxPix  = 40_000_000
	DefaultMaxSize = 15 << 20
)

// Formats accepted, by sniffed content.
const (
	JPEG = "jpeg"
	PNG  = "png"
	WebP = "webp"
)

// Errors the HTTP layer maps to status codes.
var (
	// ErrUnsupported: not a JPEG, PNG or WebP (415).
	ErrUnsupported = errors.New("unsupported image type")
	// ErrHEIC: an iPhone HEIC/HEIF photo (415 with advice).
	ErrHEIC = errors.New("HEIC/HEIF images are not supported")
	// ErrDamaged: the sniffed type is right but the data does not decode (415).
	ErrDamaged = errors.New("the image is damaged or incomplete")
	// ErrTooManyPixels: above the pixel limit, refused before decoding (422).
	ErrTooManyPixels = errors.New("image has too many pixels")
)

// Variant is one encoded JPEG.
type Variant struct {
	Data          []byte
	Width, Height int
}

// Result is what an upload becomes.
type Result struct {
	Format                   string // sniffed input format
	Original, Preview, Thumb Variant
}

// Processor limits how many images are decoded at once: a 40 MP decode
// holds ~160 MB, so the number in flight is what bounds memory.
type Processor struct {
	sem       chan struct{}
	inFlight  atomic.Int32
	peak      atomic.Int32 // most decodes ever in flight at once
	MaxPixels int
}

// NewProcessor allows n concurrent decodes (0: one per CPU).
func NewProcessor(n int) *Processor {
	if n <= 0 {
		n = runtime.NumCPU()
	}
	return &Processor{sem: make(chan struct{}, n), MaxPixels: DefaultMaxPix}
}

// PeakInFlight is the most decodes that ever ran at once.
func (p *Processor) PeakInFlight() int { return int(p.peak.Load()) }

// Sniff names the format from the first bytes, ignoring any filename or
// declared Content-Type.
func Sniff(head []byte) (string, error) {
	switch {
	case len(head) >= 3 && head[0] == 0xFF && head[1] == 0xD8 && head[2] == 0xFF:
		return JPEG, nil
	case len(head) >= 8 && bytes.Equal(head[:8], []byte("\x89PNG\r\n\x1a\n")):
		return PNG, nil
	case len(head) >= 12 && string(head[:4]) == "RIFF" && string(head[8:12]) == "WEBP":
		return WebP, nil
	case len(head) >= 12 && string(head[4:8]) == "ftyp":
		switch string(head[8:12]) {
		case "heic", "heix", "hevc", "hevx", "heim", "heis", "mif1", "msf1":
			return "", ErrHEIC
		}
	}
	return "", ErrUnsupported
}

// Process reads one image and returns its variants. It reads r once, as a
// stream: only the header bytes before the frame are held twice.
func (p *Processor) Process(ctx context.Context, r io.Reader) (*Result, error) {
	br := bufio.NewReaderSize(r, 32<<10)
	head, _ := br.Peek(32)
	format, err := Sniff(head)
	if err != nil {
		return nil, err
	}
	// Read the header through a recorder so the decoder can start over
	// from the first byte without the whole file being buffered.
	var rec bytes.Buffer
	tee := io.TeeReader(br, &rec)
	var cfg image.Config
	switch format {
	case JPEG:
		cfg, err = jpeg.DecodeConfig(tee)
	case PNG:
		cfg, err = png.DecodeConfig(tee)
	case WebP:
		cfg, err = webp.DecodeConfig(tee)
	}
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrDamaged, err)
	}
	if cfg.Width <= 0 || cfg.Height <= 0 {
		return nil, ErrDamaged
	}
	if int64(cfg.Width)*int64(cfg.Height) > int64(p.MaxPixels) {
		return nil, fmt.Errorf("%w: %d×%d", ErrTooManyPixels, cfg.Width, cfg.Height)
	}
	orientation := 1
	if format == JPEG {
		orientation = exifOrientation(rec.Bytes())
	}

	select {
	case p.sem <- struct{}{}:
	case <-ctx.Done():
		return nil, ctx.Err()
	}
	defer func() { <-p.sem }()
	n := p.inFlight.Add(1)
	defer p.inFlight.Add(-1)
	for {
		old := p.peak.Load()
		if n <= old || p.peak.CompareAndSwap(old, n) {
			break
		}
	}

	full := io.MultiReader(bytes.NewReader(rec.Bytes()), br)
	var img image.Image
	switch format {
	case JPEG:
		img, err = jpeg.Decode(full)
	case PNG:
		img, err = png.Decode(full)
	case WebP:
		img, err = webp.Decode(full)
	}
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrDamaged, err)
	}
	return encodeVariants(format, img, orientation)
}

func encodeVariants(format string, img image.Image, orientation int) (*Result, error) {
	var orig, preview, thumb image.Image
	if y, ok := img.(*image.YCbCr); ok && fastYCbCr(y) {
		orig, preview, thumb = ycbcrVariants(y, orientation)
	} else {
		orig, preview, thumb = imagingVariants(format, img, orientation)
	}
	vs, err := encode([]image.Image{orig, preview, thumb}, []int{originalQ, previewQ, thumbQ})
	if err != nil {
		return nil, err
	}
	return &Result{Format: format, Original: vs[0], Preview: vs[1], Thumb: vs[2]}, nil
}

// ycbcrVariants scales and orients a YCbCr image (JPEG, lossy WebP) plane
// by plane; it has no alpha to flatten.
func ycbcrVariants(img *image.YCbCr, orientation int) (orig, preview, thumb image.Image) {
	o := resizeYCbCr(img, OriginalEdge, orientation)
	p := resizeYCbCr(o, PreviewEdge, 1)
	return o, p, resizeYCbCr(p, ThumbEdge, 1)
}

// imagingVariants is the general path, for every other image type.
func imagingVariants(format string, img image.Image, orientation int) (orig, preview, thumb image.Image) {
	// Scale before rotating: rotating the smaller image is cheaper.
	orig = orient(fit(img, OriginalEdge), orientation)
	if format != JPEG {
		orig = flatten(orig)
	}
	preview = fit(orig, PreviewEdge)
	return orig, preview, fit(preview, ThumbEdge)
}

// fit scales img down so its long edge is at most edge; it never enlarges.
func fit(img image.Image, edge int) image.Image {
	b := img.Bounds()
	w, h := b.Dx(), b.Dy()
	if w <= edge && h <= edge {
		return img
	}
	if w >= h {
		return imaging.Resize(img, edge, 0, imaging.Linear)
	}
	return imaging.Resize(img, 0, edge, imaging.Linear)
}

// orient applies an EXIF orientation (1–8) so the pixels stand upright.
func orient(img image.Image, o int) image.Image {
	switch o {
	case 2:
		return imaging.FlipH(img)
	case 3:
		return imaging.Rotate180(img)
	case 4:
		return imaging.FlipV(img)
	case 5:
		return imaging.Transpose(img)
	case 6:
		return imaging.Rotate270(img)
	case 7:
		return imaging.Transverse(img)
	case 8:
		return imaging.Rotate90(img)
	}
	return img
}

// flatten puts a transparent image on white: JPEG has no alpha, and
// transparent pixels would otherwise turn black.
func flatten(img image.Image) image.Image {
	b := img.Bounds()
	dst := image.NewRGBA(image.Rect(0, 0, b.Dx(), b.Dy()))
	draw.Draw(dst, dst.Bounds(), image.NewUniform(color.White), image.Point{}, draw.Src)
	draw.Draw(dst, dst.Bounds(), img, b.Min, draw.Over)
	return dst
}

// encode makes JPEGs of imgs at the matching qualities, in parallel.
func encode(imgs []image.Image, qs []int) ([]Variant, error) {
	in := make([]image.Image, len(imgs))
	for i, img := range imgs {
		// The JPEG encoder has fast paths for RGBA and YCbCr only; on
		// NRGBA it boxes every pixel. Our images are opaque here (JPEG
		// input, or flattened), and opaque NRGBA has the same bytes as RGBA.
		if n, ok := img.(*image.NRGBA); ok {
			img = &image.RGBA{Pix: n.Pix, Stride: n.Stride, Rect: n.Rect}
		}
		in[i] = img
	}
	data, err := encodeAll(in, qs, stripPixels)
	if err != nil {
		return nil, fmt.Errorf("encode jpeg: %w", err)
	}
	vs := make([]Variant, len(imgs))
	for i, img := range imgs {
		b := img.Bounds()
		vs[i] = Variant{Data: data[i], Width: b.Dx(), Height: b.Dy()}
	}
	return vs, nil
}

// exifOrientation finds the Orientation tag in a JPEG's APP1 Exif segment
// among the header bytes; 1 when there is none or it is malformed.
func exifOrientation(b []byte) int {
	if len(b) < 4 || b[0] != 0xFF || b[1] != 0xD8 {
		return 1
	}
	i := 2
	for i+4 <= len(b) {
		if b[i] != 0xFF {
			return 1
		}
		marker := b[i+1]
		if marker == 0xD8 || marker >= 0xD0 && marker <= 0xD7 || marker == 0x01 {
			i += 2
			continue
		}
		if marker == 0xDA || marker == 0xD9 {
			return 1 // start of scan: no Exif before the image data
		}
		n := int(b[i+2])<<8 | int(b[i+3])
		if n < 2 || i+2+n > len(b) {
			return 1
		}
		seg := b[i+4 : i+2+n]
		if marker == 0xE1 && len(seg) > 6 && string(seg[:6]) == "Exif\x00\x00" {
			return tiffOrientation(seg[6:])
		}
		i += 2 + n
	}
	return 1
}

func tiffOrientation(t []byte) int {
	if len(t) < 8 {
		return 1
	}
	var u16 func([]byte) int
	var u32 func([]byte) int
	switch string(t[:2]) {
	case "II":
		u16 = func(b []byte) int { return int(b[0]) | int(b[1])<<8 }
		u32 = func(b []byte) int { return int(b[0]) | int(b[1])<<8 | int(b[2])<<16 | int(b[3])<<24 }
	case "MM":
		u16 = func(b []byte) int { return int(b[1]) | int(b[0])<<8 }
		u32 = func(b []byte) int { return int(b[3]) | int(b[2])<<8 | int(b[1])<<16 | int(b[0])<<24 }
	default:
		return 1
	}
	off := u32(t[4:8])
	if off < 8 || off+2 > len(t) {
		return 1
	}
	count := u16(t[off : off+2])
	for k := 0; k < count; k++ {
		e := off + 2 + 12*k
		if e+12 > len(t) {
			return 1
		}
		if u16(t[e:e+2]) == 0x0112 {
			if o := u16(t[e+8 : e+10]); o >= 1 && o <= 8 {
				return o
			}
			return 1
		}
	}
	return 1
}
