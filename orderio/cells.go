package orderio

import (
	"fmt"
	"math"
	"regexp"
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"

	"gendan/models"
)

// How people fill in cells: dates in several spellings or as Excel serials,
// numbers with thousands separators or float noise, Chinese ship modes.

var (
	dateRe       = regexp.MustCompile(`^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?(?:[ T]0{1,2}:00(?::00(?:\.0+)?)?Z?)?$`)
	numberRe     = regexp.MustCompile(`^-?\d+(\.\d+)?([eE][-+]?\d+)?$`)
	plainPriceRe = regexp.MustCompile(`^\d+(\.\d{1,4})?$`)
	thousandsRe  = regexp.MustCompile(`^\d{1,3}(,\d{3})+(\.\d+)?$`)
)

// parseDate reads YYYY-MM-DD and its usual variants, and — from an .xlsx —
// Excel's date serial numbers.
func parseDate(v string, xlsx, date1904 bool) (string, *models.FieldError) {
	s, ok := readDate(v, xlsx, date1904)
	if !ok {
		fe := models.Problem("not_a_date")
		return v, &fe
	}
	return s, models.DateProblem(s)
}

func readDate(v string, xlsx, date1904 bool) (string, bool) {
	if m := dateRe.FindStringSubmatch(v); m != nil {
		y, _ := strconv.Atoi(m[1])
		mo, _ := strconv.Atoi(m[2])
		d, _ := strconv.Atoi(m[3])
		return fmt.Sprintf("%04d-%02d-%02d", y, mo, d), true
	}
	if xlsx && numberRe.MatchString(v) {
		f, err := strconv.ParseFloat(v, 64)
		if err != nil || f < 1 || f > 2958465 {
			return "", false
		}
		t, err := excelize.ExcelDateToTime(math.Floor(f), date1904)
		if err != nil {
			return "", false
		}
		return t.Format(models.DateLayout), true
	}
	return "", false
}

// parseWhole reads a whole number: 1200, 1,200, 1200.0.
func parseWhole(v string) (int64, bool) {
	if thousandsRe.MatchString(v) {
		v = strings.ReplaceAll(v, ",", "")
	}
	if n, err := strconv.ParseInt(v, 10, 64); err == nil {
		return n, true
	}
	if !numberRe.MatchString(v) {
		return 0, false
	}
	f, err := strconv.ParseFloat(v, 64)
	if err != nil || f != math.Trunc(f) || math.Abs(f) > 1e15 {
		return 0, false
	}
	return int64(f), true
}

// parseTolerance reads a whole percentage: 5, 5%, or a cell formatted as a
// percentage (0.05 in the file).
func parseTolerance(v string, xlsx bool) (int, bool) {
	pct := strings.HasSuffix(v, "%")
	v = strings.TrimSpace(strings.TrimSuffix(v, "%"))
	if !pct && xlsx && numberRe.MatchString(v) {
		if f, err := strconv.ParseFloat(v, 64); err == nil && f > 0 && f < 1 {
			f = math.Round(f*1e6) / 1e4 // 0.05 → 5
			if f == math.Trunc(f) {
				return int(f), true
			}
			return 0, false
		}
	}
	n, ok := parseWhole(v)
	if !ok || n < 0 || n > 30 {
		return 0, false
	}
	return int(n), true
}

// normPrice undoes binary floating point noise in a numeric cell
// (12.300000000000001 → 12.3) and leaves everything else to the model.
func normPrice(v string) string {
	if plainPriceRe.MatchString(v) || !numberRe.MatchString(v) {
		return v
	}
	f, err := strconv.ParseFloat(v, 64)
	if err != nil || f < 0 || f >= 1e10 {
		return v
	}
	r := math.Round(f*1e4) / 1e4
	if math.Abs(r-f) > 1e-9*math.Max(1, f) {
		return v // really more than 4 decimals: the model says so
	}
	return strconv.FormatFloat(r, 'f', -1, 64)
}

// samePrice compares prices as numbers: 12.5 and 12.50 agree.
func samePrice(a, b string) bool {
	trim := func(s string) string {
		if strings.Contains(s, ".") {
			s = strings.TrimRight(strings.TrimRight(s, "0"), ".")
		}
		return s
	}
	return trim(a) == trim(b)
}

var shipModeNames = map[string]string{
	"海运": "sea", "海": "sea", "船": "sea",
	"空运": "air", "空": "air", "航空": "air",
	"铁路": "rail", "铁运": "rail", "铁路运输": "rail", "火车": "rail",
	"陆运": "truck", "卡车": "truck", "汽运": "truck", "公路": "truck",
	"快递": "courier",
}

func normShipMode(v string) string {
	if m, ok := shipModeNames[v]; ok {
		return m
	}
	return strings.ToLower(v)
}
