package models

import (
	"fmt"
	"math"
	"strings"
)

// PackingRange is cartons From…To of a packing list (装箱单), each holding
// Pieces of one colour/size, weighing NetKg/GrossKg and measuring
// LengthCm × WidthCm × HeightCm.
type PackingRange struct {
	From     int     `json:"from"`
	To       int     `json:"to"`
	Colour   string  `json:"colour"`
	Size     string  `json:"size"`
	Pieces   int     `json:"pieces"`
	NetKg    float64 `json:"net_kg"`
	GrossKg  float64 `json:"gross_kg"`
	LengthCm int     `json:"length_cm"`
	WidthCm  int     `json:"width_cm"`
	HeightCm int     `json:"height_cm"`
}

// Cartons is the number of cartons in the range.
func (r PackingRange) Cartons() int { return r.To - r.From + 1 }

// Packed is what a packing list adds up to.
type Packed struct {
	Cartons  int
	Pieces   int
	NetG     int64
	GrossG   int64
	CBMMilli int64 // m³ × 1000, rounded
	Lines    []LineQty
	// Ranges are the checked ranges (trimmed, weights to 10 g), to store.
	Ranges []PackingRange
}

// PackingMismatch is a colour/size whose packed pieces differ from the
// quantity expected (booked, or shipped once shipped).
type PackingMismatch struct {
	Colour   string `json:"colour"`
	Size     string `json:"size"`
	Packed   int    `json:"packed"`
	Expected int    `json:"expected"`
}

// MaxPackingRanges bounds a packing list's rows.
const MaxPackingRanges = 2000

// grams turns kilograms (two decimals kept) into grams.
func grams(kg float64) int64 { return int64(math.Round(kg*100)) * 10 }

// CheckPackingList validates a packing list against an order and adds it up:
// ranges run from carton 1 with no gap or overlap, each a line of the
// order with pieces ≥ 1, gross ≥ net ≥ 0 and dimensions in centimetres.
func CheckPackingList(o *Order, ranges []PackingRange) (*Packed, error) {
	v := &ValidationError{}
	if len(ranges) > MaxPackingRanges {
		return nil, Invalid("cartons", "too_many", "max", MaxPackingRanges)
	}
	known := map[[2]string]bool{}
	for _, l := range o.Lines {
		known[[2]string{l.Colour, l.Size}] = true
	}
	var clean []PackingRange
	next := 1
	for i, r := range ranges {
		f := fmt.Sprintf("cartons[%d].", i)
		r.Colour, r.Size = strings.TrimSpace(r.Colour), strings.TrimSpace(r.Size)
		r.NetKg, r.GrossKg = float64(grams(r.NetKg))/1000, float64(grams(r.GrossKg))/1000
		bad := false
		if r.From != next {
			v.Add(f+"from", "carton_sequence", "expected", next)
			bad = true
		}
		if r.To < r.From || r.To > 1_000_000 {
			v.Add(f+"to", "out_of_range", "min", r.From, "max", 1_000_000)
			bad = true
		}
		k := [2]string{r.Colour, r.Size}
		if !known[k] {
			v.Add(f+"colour", "unknown_line", "colour", r.Colour, "size", r.Size)
			bad = true
		}
		if r.Pieces < 1 || r.Pieces > 100_000 {
			v.Add(f+"pieces", "out_of_range", "min", 1, "max", 100_000)
			bad = true
		}
		if r.NetKg < 0 || r.NetKg > 10_000 {
			v.Add(f+"net_kg", "out_of_range", "min", 0, "max", 10_000)
			bad = true
		}
		if r.GrossKg < 0 || r.GrossKg > 10_000 {
			v.Add(f+"gross_kg", "out_of_range", "min", 0, "max", 10_000)
			bad = true
		} else if grams(r.GrossKg) < grams(r.NetKg) {
			v.Add(f+"gross_kg", "gross_below_net")
			bad = true
		}
		for _, d := range []struct {
			name string
			cm   int
		}{{"length_cm", r.LengthCm}, {"width_cm", r.WidthCm}, {"height_cm", r.HeightCm}} {
			if d.cm < 0 || d.cm > 1000 {
				v.Add(f+d.name, "out_of_range", "min", 0, "max", 1000)
				bad = true
			}
		}
		if r.To >= r.From {
			next = r.To + 1
		}
		if !bad {
			clean = append(clean, r)
		}
	}
	if err := v.Err(); err != nil {
		return nil, err
	}
	p := PackingTotals(clean)
	p.Ranges = nonNilSlice(clean)
	return &p, nil
}

// PackingTotals adds up a stored packing list without validating it (it
// was validated when saved).
func PackingTotals(ranges []PackingRange) Packed {
	p := Packed{Lines: []LineQty{}}
	idx := map[[2]string]int{}
	var cbm float64
	for _, r := range ranges {
		n := r.Cartons()
		p.Cartons += n
		p.Pieces += n * r.Pieces
		p.NetG += int64(n) * grams(r.NetKg)
		p.GrossG += int64(n) * grams(r.GrossKg)
		cbm += float64(n) * float64(r.LengthCm) * float64(r.WidthCm) * float64(r.HeightCm) / 1e6
		k := [2]string{r.Colour, r.Size}
		if j, ok := idx[k]; ok {
			p.Lines[j].Quantity += n * r.Pieces
		} else {
			idx[k] = len(p.Lines)
			p.Lines = append(p.Lines, LineQty{Colour: r.Colour, Size: r.Size, Quantity: n * r.Pieces})
		}
	}
	p.CBMMilli = int64(math.Round(cbm * 1000))
	return p
}

// PackingMismatches compares packed pieces per line with expected ones.
func PackingMismatches(packed, expected []LineQty) []PackingMismatch {
	got := map[[2]string]int{}
	for _, l := range packed {
		got[[2]string{l.Colour, l.Size}] += l.Quantity
	}
	out := []PackingMismatch{}
	seen := map[[2]string]bool{}
	for _, l := range expected {
		k := [2]string{l.Colour, l.Size}
		seen[k] = true
		if got[k] != l.Quantity {
			out = append(out, PackingMismatch{Colour: l.Colour, Size: l.Size, Packed: got[k], Expected: l.Quantity})
		}
	}
	for _, l := range packed {
		if k := [2]string{l.Colour, l.Size}; !seen[k] && l.Quantity != 0 {
			seen[k] = true
			out = append(out, PackingMismatch{Colour: l.Colour, Size: l.Size, Packed: got[k]})
		}
	}
	return out
}
