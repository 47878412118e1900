package notify

import (
	"strings"
	"testing"

	"gendan/models"
)

// TestEveryKindHasTexts: each notification kind reads in both languages,
// with no placeholder left over, and values such as levels in words.
func TestEveryKindHasTexts(t *testing.T) {
	data := map[string]any{"sample_type": "pp", "name": "产前样", "name_en": "PP sample", "round": float64(2), "status": "rejected",
		"type": "fri", "date": "2026-12-20", "result": "fail", "quantity": float64(600), "reason": "仓库满", "excerpt": "面料周五到",
		"revision": float64(3), "from": "on_track", "to": "late", "step": "裁剪", "step_en": "Cutting", "planned_date": "2026-12-01",
		"hours": float64(48), "trigger": "chase", "late": float64(2), "at_risk": float64(5), "orders": "NW-24035, YY-2311",
		"po_number": "MNW-24035-1", "field": "eta", "reason_code": "supplier_capacity", "eta": "2026-12-08", "item": "全棉府绸 Poplin",
		"items": "全棉府绸, 纽扣", "promised_date": "2026-12-04", "severity": "major", "affected_qty": float64(120),
		"complaint_id": float64(3), "capa_id": float64(4), "kind": "rework", "amount": "USD 1200.00"}
	for _, kind := range models.NotificationKinds {
		for _, lang := range []string{"zh-CN", "en"} {
			if _, ok := texts[lang][kind]; !ok {
				t.Errorf("%s has no %s text", kind, lang)
				continue
			}
			title, body := Render(kind, lang, Subject{PONumber: "NW-24035", Actor: "陈建华", Data: data})
			for _, s := range []string{title, body} {
				if strings.ContainsAny(s, "{}") || strings.Contains(s, "—") || s == "" {
					t.Errorf("%s %s: %q", kind, lang, s)
				}
			}
			if kind == models.NotifyRiskDigest {
				// The digest is of many orders: its body lists them.
				if !strings.Contains(body, "NW-24035") || !strings.Contains(title, "2") {
					t.Errorf("digest %s: %q / %q", lang, title, body)
				}
			} else if !strings.Contains(title, "NW-24035") {
				t.Errorf("%s %s: the title %q does not name the order", kind, lang, title)
			}
		}
	}
	if _, body := Render("risk_worse", "en", Subject{Data: data}); body != "Risk went from on track to late." {
		t.Errorf("risk_worse in English: %q", body)
	}
	if title, body := Render("sample_decided", "zh-CN", Subject{PONumber: "YY-1", Data: data}); title != "YY-1 样品已审：未通过" || !strings.Contains(body, "产前样") {
		t.Errorf("sample_decided in Chinese: %q %q", title, body)
	}
	for _, c := range []struct {
		data     map[string]any
		lang, in string
	}{
		{map[string]any{"step": "车缝", "step_en": "Sewing", "quantity": float64(1200)}, "zh-CN", "陈建华 报告「车缝」：累计 1200。"},
		{map[string]any{"step": "车缝", "step_en": "Sewing", "quantity": float64(1200)}, "en", "陈建华 reported on Sewing: 1200 so far."},
		{map[string]any{"step": "车缝", "step_en": "Sewing", "done": true, "quantity": float64(3000)}, "en", "陈建华 reported on Sewing: done."},
		{map[string]any{"step": "车缝", "quantity": nil}, "zh-CN", "陈建华 报告「车缝」：新的说明。"},
	} {
		if _, body := Render("progress_reported", c.lang, Subject{Actor: "陈建华", Data: c.data}); body != c.in {
			t.Errorf("progress %v in %s: %q, want %q", c.data, c.lang, body, c.in)
		}
	}
	if title, _ := Render("something_new", "fr", Subject{}); title != "Order: an update" {
		t.Errorf("an unknown kind in an unknown language: %q", title)
	}
}
