package orderio

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"
	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/encoding/unicode"
)

const (
	// MaxRows is the most data rows one file may hold.
	MaxRows = 5000
	// unzipLimit caps what an .xlsx may decompress to: a 10 MiB upload
	// must not inflate into gigabytes.
	unzipLimit = 256 << 20
	// ordersSheet is the sheet read (else the first) and written.
	ordersSheet = "Orders"
)

var (
	// ErrUnsupportedFile is a file that is neither an .xlsx workbook nor
	// CSV text in UTF-8, UTF-16 (with a BOM) or GB18030/GBK.
	ErrUnsupportedFile = errors.New("orderio: not an .xlsx workbook or a CSV file")
	// ErrNotWorkbook is a ZIP archive that is not a readable workbook.
	ErrNotWorkbook = errors.New("orderio: a ZIP archive but not a readable .xlsx workbook")
)

// csvError is a CSV file that cannot be parsed from a row on.
type csvError struct{ row int }

func (e *csvError) Error() string { return fmt.Sprintf("orderio: invalid CSV at row %d", e.row) }

// sheetRow is one non-blank row of the uploaded sheet.
type sheetRow struct {
	num   int
	cells []string
}

// sheet is the uploaded sheet: its non-blank rows (header included), up to
// one row beyond the limit.
type sheet struct {
	rows     []sheetRow
	xlsx     bool
	date1904 bool
}

func blankRow(cells []string) bool {
	for _, c := range cells {
		if strings.TrimSpace(c) != "" {
			return false
		}
	}
	return true
}

// collector keeps non-blank rows until one more than the header plus the
// data-row limit has been seen.
type collector struct{ rows []sheetRow }

func (c *collector) add(num int, cells []string) (more bool) {
	if !blankRow(cells) {
		c.rows = append(c.rows, sheetRow{num: num, cells: cells})
	}
	return len(c.rows) <= MaxRows+1
}

// read detects the file type by content and reads its rows.
func read(data []byte) (*sheet, error) {
	if bytes.HasPrefix(data, []byte("PK\x03\x04")) {
		return readXLSX(data, ordersSheet)
	}
	text, ok := decodeText(data)
	if !ok || bytes.IndexByte(text, 0) >= 0 {
		return nil, ErrUnsupportedFile
	}
	return readCSV(text)
}

// decodeText turns CSV text into UTF-8. Excel's "CSV UTF-8" is UTF-8 with a
// BOM, its "Unicode text" UTF-16 with a BOM, and its plain "CSV" on Chinese
// Windows is GBK (which GB18030 contains). GB18030 decodes almost any bytes,
// so it is taken only when its first line names a column this package knows:
// a PNG or a Latin-1 file stays refused.
func decodeText(data []byte) ([]byte, bool) {
	switch {
	case bytes.HasPrefix(data, []byte("\xEF\xBB\xBF")):
		text := data[3:]
		return text, utf8.Valid(text)
	case bytes.HasPrefix(data, []byte("\xFF\xFE")), bytes.HasPrefix(data, []byte("\xFE\xFF")):
		// ExpectBOM: the BOM says which byte order, and is removed.
		return decodeWith(unicode.UTF16(unicode.LittleEndian, unicode.ExpectBOM), data)
	case utf8.Valid(data):
		return data, true
	}
	text, ok := decodeWith(simplifiedchinese.GB18030, data)
	if !ok || !knownHeader(text) {
		return nil, false
	}
	return text, true
}

func decodeWith(enc encoding.Encoding, data []byte) ([]byte, bool) {
	text, err := enc.NewDecoder().Bytes(data)
	if err != nil || !utf8.Valid(text) || bytes.ContainsRune(text, utf8.RuneError) {
		return nil, false
	}
	return text, true
}

// knownHeader tells whether the first line holds a header this package reads.
func knownHeader(text []byte) bool {
	line, _, _ := bytes.Cut(text, []byte("\n"))
	for _, h := range strings.Split(string(line), string(sniffDelimiter(line))) {
		if _, ok := headerIndex[headerKey(strings.Trim(strings.TrimSpace(h), `"`))]; ok {
			return true
		}
	}
	return false
}

// readXLSX reads the first sheet named one of names (case-insensitive),
// else the workbook's first sheet.
func readXLSX(data []byte, names ...string) (*sheet, error) {
	opts := excelize.Options{RawCellValue: true, UnzipSizeLimit: unzipLimit}
	f, err := excelize.OpenReader(bytes.NewReader(data), opts)
	if err != nil {
		return nil, ErrNotWorkbook
	}
	defer f.Close()
	sheets := f.GetSheetList()
	if len(sheets) == 0 {
		return nil, ErrNotWorkbook
	}
	name := sheets[0]
find:
	for _, want := range names {
		for _, s := range sheets {
			if strings.EqualFold(s, want) {
				name = s
				break find
			}
		}
	}
	out := &sheet{xlsx: true}
	if props, err := f.GetWorkbookProps(); err == nil && props.Date1904 != nil {
		out.date1904 = *props.Date1904
	}
	rows, err := f.Rows(name)
	if err != nil {
		return nil, ErrNotWorkbook
	}
	defer rows.Close()
	var col collector
	// The iterator visits every row number, empty ones too, so counting
	// calls gives the spreadsheet's row number.
	for num := 1; rows.Next(); num++ {
		cells, err := rows.Columns(opts)
		if err != nil {
			return nil, ErrNotWorkbook
		}
		if !col.add(num, cells) {
			break
		}
	}
	if err := rows.Error(); err != nil {
		return nil, ErrNotWorkbook
	}
	out.rows = col.rows
	return out, nil
}

func readCSV(text []byte) (*sheet, error) {
	r := csv.NewReader(bytes.NewReader(text))
	r.Comma = sniffDelimiter(text)
	r.FieldsPerRecord = -1
	r.LazyQuotes = true
	var col collector
	// Spreadsheet row numbers: encoding/csv skips empty lines, which a
	// spreadsheet shows as empty rows, and a quoted field may span lines.
	num, prevEnd := 0, 0
	for {
		rec, err := r.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			var pe *csv.ParseError
			line := 0
			if errors.As(err, &pe) {
				line = pe.StartLine
			}
			return nil, &csvError{row: num + 1 + max(0, line-prevEnd-1)}
		}
		start, _ := r.FieldPos(0)
		num += 1 + max(0, start-prevEnd-1)
		last, _ := r.FieldPos(len(rec) - 1)
		prevEnd = last + strings.Count(rec[len(rec)-1], "\n")
		if !col.add(num, rec) {
			break
		}
	}
	return &sheet{rows: col.rows}, nil
}

// sniffDelimiter picks comma, semicolon (European Excel) or tab from the
// first line.
func sniffDelimiter(text []byte) rune {
	line := text
	if i := bytes.IndexByte(text, '\n'); i >= 0 {
		line = text[:i]
	}
	best, n := ',', bytes.Count(line, []byte(","))
	for _, d := range []rune{';', '\t'} {
		if k := bytes.Count(line, []byte(string(d))); k > n {
			best, n = d, k
		}
	}
	return best
}
