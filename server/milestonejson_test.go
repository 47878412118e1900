package server

import (
	"encoding/json"
	"math/rand/v2"
	"testing"

	"gendan/models"
)

// TestMilestoneJSONMatchesEncodingJSON: the hand-written plan is byte for
// byte encoding/json's of milestoneDTO in its list envelope, for staff and
// factory callers and every order and step status.
func TestMilestoneJSONMatchesEncodingJSON(t *testing.T) {
	type milestoneList struct {
		Items         []milestoneDTO `json:"items"`
		OrderQuantity int            `json:"order_quantity"`
		TolerancePct  int            `json:"tolerance_pct"`
		Unit          string         `json:"unit"`
	}
	r := rand.New(rand.NewPCG(5, 6))
	sid := int64(3)
	callers := []*Principal{{UserID: 1, Role: models.RoleMerchandiser}, {UserID: 2, Role: models.RoleAdmin},
		{UserID: 3, Role: models.RoleFactory, SupplierID: &sid}}
	for i := 0; i < 500; i++ {
		v := planView{p: callers[i%len(callers)], orderStatus: models.OrderStatuses[r.IntN(len(models.OrderStatuses))],
			today: "2026-03-0" + string(rune('1'+r.IntN(9)))}
		ms := make([]models.Milestone, r.IntN(5))
		for k := range ms {
			m := models.Milestone{ID: r.Int64N(1 << 40), Position: k + 1, Code: nastyText(r), Name: nastyText(r), NameEn: nastyText(r),
				QuantityKind: nastyText(r), SampleType: nastyText(r), PlannedDate: "2026-03-0" + string(rune('1'+r.IntN(9))),
				BaselineDate: "2026-02-2" + string(rune('1'+r.IntN(8))), QuantityDone: r.IntN(5000),
				Status: models.MilestoneStatuses[r.IntN(len(models.MilestoneStatuses))], PlannedLate: r.IntN(2) == 0}
			if r.IntN(2) == 0 {
				d := nastyText(r)
				m.ActualDate = &d
			}
			ms[k] = m
		}
		ref := milestoneList{Items: make([]milestoneDTO, len(ms)), OrderQuantity: r.IntN(1e6), TolerancePct: r.IntN(10), Unit: nastyText(r)}
		for k := range ms {
			ref.Items[k] = v.dto(&ms[k])
		}
		want, err := json.Marshal(ref)
		if err != nil {
			t.Fatal(err)
		}
		if got := v.appendMilestoneList(nil, ms, ref.OrderQuantity, ref.TolerancePct, ref.Unit); string(got) != string(want) {
			t.Fatalf("case %d:\n got %s\nwant %s", i, got, want)
		}
	}
}
