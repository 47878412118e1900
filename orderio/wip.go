package orderio

import (
	"bytes"
	"strings"

	"github.com/xuri/excelize/v2"

	"gendan/models"
)

// wipSheet is the sheet of the work-in-progress report.
const wipSheet = "WIP"

// WIPOrder is one order of the work-in-progress report, already named in
// the reader's language. It has no price and no internal notes: the report
// is sent to customers.
type WIPOrder struct {
	PONumber, Customer, StyleNo, StyleName, Supplier string
	// Status is the order's status code (models.Status*).
	Status    string
	ExFactory string
	// Overdue: the order is late (models.OrderDue).
	Overdue bool
	// Next is the name of the first step still to do ("" when none).
	Next  string
	Steps []WIPStep
}

// WIPStep is one T&A step of a WIPOrder.
type WIPStep struct {
	// Code identifies the step across orders (a column group per code).
	Code, Name string
	// Planned and Actual are dates (YYYY-MM-DD); Actual is "" until done.
	Planned, Actual string
	// QuantityKind is what the step counts ("" when it counts nothing).
	QuantityKind string
	QuantityDone int
	// Status is the step's status code (models.Milestone*).
	Status  string
	Overdue bool
}

// wipText is the report's text in one language.
type wipText struct {
	fixed                    []string // the order columns
	planned, actual, qty     string   // suffixes of a step's columns
	overdue, none            string
	statuses, stepStatuses   map[string]string
	notApplicable, doneLabel string
}

var wipTexts = map[string]wipText{
	models.LocaleEN: {
		fixed:   []string{"PO", "Customer", "Style no.", "Style", "Supplier", "Status", "Ex-factory", "Overdue", "Next step"},
		planned: "planned", actual: "actual", qty: "qty done", overdue: "OVERDUE", none: "—",
		statuses: map[string]string{models.StatusDraft: "Draft", models.StatusConfirmed: "Confirmed",
			models.StatusInProduction: "In production", models.StatusPartiallyShipped: "Partially shipped", models.StatusShipped: "Shipped", models.StatusClosed: "Closed",
			models.StatusCancelled: "Cancelled"},
		notApplicable: "n/a", doneLabel: "done",
	},
	models.LocaleZH: {
		fixed:   []string{"订单号", "客户", "款号", "款名", "供应商", "状态", "出厂日期", "逾期", "下一步"},
		planned: "计划", actual: "实际", qty: "完成数量", overdue: "逾期", none: "—",
		statuses: map[string]string{models.StatusDraft: "草稿", models.StatusConfirmed: "已确认",
			models.StatusInProduction: "生产中", models.StatusPartiallyShipped: "分批出货", models.StatusShipped: "已出货", models.StatusClosed: "已结单",
			models.StatusCancelled: "已取消"},
		notApplicable: "不适用", doneLabel: "完成",
	},
}

// wipStepCol is a group of three columns (planned, actual, quantity) for
// the steps of one code.
type wipStepCol struct {
	code, name string
	first      int // 1-based column of "planned"
}

// WIPReport writes the work-in-progress workbook in lang (models.LocaleZH
// or else English): one row per order with its status, ex-factory date,
// next step and overdue mark, then for every step (the union of the orders'
// plans, in plan order) its planned and actual dates and the quantity done.
// An overdue step's planned date is red and says so.
func WIPReport(lang string, orders []WIPOrder) ([]byte, error) {
	tx, ok := wipTexts[lang]
	if !ok {
		tx = wipTexts[models.LocaleEN]
	}
	var steps []wipStepCol
	at := map[string]int{}
	for _, o := range orders {
		for _, st := range o.Steps {
			if _, ok := at[st.Code]; !ok {
				at[st.Code] = len(steps)
				steps = append(steps, wipStepCol{code: st.Code, name: st.Name, first: len(tx.fixed) + 1 + 3*len(steps)})
			}
		}
	}
	if 1+len(orders) > excelize.TotalRows {
		return nil, ErrTooManyRows
	}
	f := excelize.NewFile()
	defer f.Close()
	if err := f.SetSheetName(f.GetSheetName(0), wipSheet); err != nil {
		return nil, err
	}
	sw, err := f.NewStreamWriter(wipSheet)
	if err != nil {
		return nil, err
	}
	head, err := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true},
		Fill:      excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"DDEBF7"}},
		Alignment: &excelize.Alignment{WrapText: true, Vertical: "top"}})
	if err != nil {
		return nil, err
	}
	dateFmt := "yyyy-mm-dd"
	date, err := f.NewStyle(&excelize.Style{CustomNumFmt: &dateFmt})
	if err != nil {
		return nil, err
	}
	late, err := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true, Color: "9C0006"},
		Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"FFC7CE"}}})
	if err != nil {
		return nil, err
	}
	lateDate, err := f.NewStyle(&excelize.Style{CustomNumFmt: &dateFmt, Font: &excelize.Font{Bold: true, Color: "9C0006"},
		Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"FFC7CE"}}})
	if err != nil {
		return nil, err
	}
	width := len(tx.fixed) + 3*len(steps)
	for i, wd := range []float64{18, 22, 14, 22, 18, 14, 12, 10, 20} {
		if err := sw.SetColWidth(i+1, i+1, wd); err != nil {
			return nil, err
		}
	}
	if len(steps) > 0 {
		if err := sw.SetColWidth(len(tx.fixed)+1, width, 12); err != nil {
			return nil, err
		}
	}
	if err := sw.SetPanes(&excelize.Panes{Freeze: true, XSplit: 1, YSplit: 1, TopLeftCell: "B2", ActivePane: "bottomRight"}); err != nil {
		return nil, err
	}
	header := make([]any, width)
	for i, h := range tx.fixed {
		header[i] = excelize.Cell{StyleID: head, Value: h}
	}
	for _, sc := range steps {
		for j, suffix := range []string{tx.planned, tx.actual, tx.qty} {
			header[sc.first-1+j] = excelize.Cell{StyleID: head, Value: sc.name + " " + suffix}
		}
	}
	if err := sw.SetRow("A1", header); err != nil {
		return nil, err
	}
	dateCell := func(d string, style int) any {
		if t, ok := models.ParseDate(d); ok {
			return excelize.Cell{StyleID: style, Value: t}
		}
		return d
	}
	for i, o := range orders {
		row := make([]any, width)
		status := tx.statuses[o.Status]
		if status == "" {
			status = o.Status
		}
		next := o.Next
		if next == "" {
			next = tx.none
		}
		row[0], row[1], row[2], row[3], row[4], row[5] = o.PONumber, o.Customer, o.StyleNo, o.StyleName, o.Supplier, status
		row[6], row[8] = dateCell(o.ExFactory, date), next
		var lateSteps []string
		for _, st := range o.Steps {
			c := steps[at[st.Code]].first - 1
			switch {
			case st.Status == models.MilestoneCancelled, st.Status == models.MilestoneNotApplicable:
				row[c] = tx.notApplicable
			case st.Overdue:
				row[c] = dateCell(st.Planned, lateDate)
				lateSteps = append(lateSteps, st.Name)
			default:
				row[c] = dateCell(st.Planned, date)
			}
			if st.Actual != "" {
				row[c+1] = dateCell(st.Actual, date)
			} else if st.Status == models.MilestoneDone {
				row[c+1] = tx.doneLabel
			}
			if st.QuantityKind != "" || st.QuantityDone > 0 {
				row[c+2] = st.QuantityDone
			}
		}
		switch {
		case o.Overdue || len(lateSteps) > 0:
			mark := tx.overdue
			if len(lateSteps) > 0 {
				mark += ": " + strings.Join(lateSteps, ", ")
			}
			row[7] = excelize.Cell{StyleID: late, Value: mark}
		}
		cell, _ := excelize.CoordinatesToCellName(1, i+2)
		if err := sw.SetRow(cell, row); err != nil {
			return nil, err
		}
	}
	if err := sw.Flush(); err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}
