package orderio

import (
	"strings"
	"testing"

	"gendan/models"
)

func TestWIPReport(t *testing.T) {
	orders := []WIPOrder{
		{PONumber: "PO-1", Customer: "Northwind", StyleNo: "ST-1", StyleName: "Jacket", Supplier: "Jinling",
			Status: models.StatusInProduction, ExFactory: "2026-05-01", Overdue: true, Next: "Sewing",
			Steps: []WIPStep{
				{Code: "cut", Name: "Cutting", Planned: "2026-03-01", Actual: "2026-03-03", QuantityKind: "cut", QuantityDone: 1000, Status: models.MilestoneDone},
				{Code: "sew", Name: "Sewing", Planned: "2026-03-10", QuantityKind: "sewn", QuantityDone: 400, Status: models.MilestoneInProgress, Overdue: true},
				{Code: "photo", Name: "Photo sample", Planned: "2026-03-12", Status: models.MilestoneCancelled},
			}},
		// Another plan: its own step gets its own columns, shared steps share them.
		{PONumber: "PO-2", Customer: "Contoso", StyleNo: "ST-2", Supplier: "Huaxing", Status: models.StatusConfirmed,
			ExFactory: "2026-06-01", Steps: []WIPStep{{Code: "lab", Name: "Lab dip", Planned: "2026-04-01", Status: models.MilestoneOpen},
				{Code: "sew", Name: "Sewing", Planned: "2026-05-01", QuantityKind: "sewn", Status: models.MilestoneOpen}}},
	}
	for _, c := range []struct {
		lang string
		head []string
	}{
		{models.LocaleEN, []string{"PO", "Customer", "Style no.", "Style", "Supplier", "Status", "Ex-factory", "Overdue", "Next step",
			"Cutting planned", "Cutting actual", "Cutting qty done", "Sewing planned", "Sewing actual", "Sewing qty done",
			"Photo sample planned", "Photo sample actual", "Photo sample qty done", "Lab dip planned", "Lab dip actual", "Lab dip qty done"}},
		{models.LocaleZH, []string{"订单号", "客户", "款号", "款名", "供应商", "状态", "出厂日期", "逾期", "下一步", "Cutting 计划"}},
	} {
		data, err := WIPReport(c.lang, orders)
		if err != nil {
			t.Fatal(err)
		}
		rows := sheetRows(t, data, "WIP")
		if len(rows) != 3 {
			t.Fatalf("%s: %d rows", c.lang, len(rows))
		}
		if got := strings.Join(rows[0][:len(c.head)], "|"); got != strings.Join(c.head, "|") {
			t.Errorf("%s header\n got %s\nwant %s", c.lang, got, strings.Join(c.head, "|"))
		}
		r1, r2 := rows[1], rows[2]
		wantStatus, wantLate, na := "In production", "OVERDUE: Sewing", "n/a"
		if c.lang == models.LocaleZH {
			wantStatus, wantLate, na = "生产中", "逾期: Sewing", "不适用"
		}
		if r1[0] != "PO-1" || r1[5] != wantStatus || r1[6] != "2026-05-01" || r1[7] != wantLate || r1[8] != "Sewing" ||
			r1[9] != "2026-03-01" || r1[10] != "2026-03-03" || r1[11] != "1000" || r1[12] != "2026-03-10" || r1[13] != "" ||
			r1[14] != "400" || r1[15] != na {
			t.Errorf("%s PO-1 %q", c.lang, r1)
		}
		// PO-2 has no cutting step and is not late; its sewing shares the column.
		if r2[0] != "PO-2" || r2[7] != "" || r2[9] != "" || r2[12] != "2026-05-01" || r2[14] != "0" || len(r2) < 19 || r2[18] != "2026-04-01" {
			t.Errorf("%s PO-2 %q", c.lang, r2)
		}
	}
}
