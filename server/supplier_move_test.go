package server

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"gendan/models"
	"gendan/models/testdb"
)

// TestOrderMovedToAnotherSupplier: after a merchandiser moves an order from
// supplier A (jinling, user "factory") to B (huaxing, user "foreign"), A's
// factory no longer sees the order, B's sees only what was written while
// the order was B's — not A's comments, report notes, sample rounds,
// activity or photos — and staff see everything.
func TestOrderMovedToAnotherSupplier(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *models.DB) {
		e := newEnv(t, db)
		oid, mid := e.fixtureOrder(), e.fixtureMilestone()
		today := e.clock.Now().Format(models.DateLayout)
		orderURL := fmt.Sprintf("/api/v1/orders/%d", oid)
		reportsURL := fmt.Sprintf("/api/v1/milestones/%d/reports", mid)
		idOf := func(r *response, what string) int64 {
			t.Helper()
			if r.status != 201 {
				t.Fatalf("%s: %d %s", what, r.status, r.body)
			}
			return num(r.json(t), "id")
		}
		photoOf := func(r *response) int64 {
			t.Helper()
			return num(r.json(t)["photos"].([]any)[0].(map[string]any), "id")
		}

		// Written while the order is A's: a report whose note names a worker,
		// with a photo; a comment with a photo; a sample round; a staff comment.
		r := e.as("factory", "POST", reportsURL, map[string]any{"date": today, "quantity": 100,
			"note": "MARK-A-NOTE 车位 王师傅", "photo_ids": []int64{e.uploadAs("factory")}})
		aReport := idOf(r, "A's report")
		aReportPhoto := photoOf(r)
		r = e.as("factory", "POST", orderURL+"/comments", map[string]any{"body": "MARK-A-COMMENT", "photo_ids": []int64{e.uploadAs("factory")}})
		aComment := idOf(r, "A's comment")
		aCommentPhoto := photoOf(r)
		r = e.submitSample("factory", oid, "pp")
		aRound := idOf(r, "A's sample")
		aRoundPhoto := photoOf(r)
		staffToA := idOf(e.as("merch", "POST", orderURL+"/comments", map[string]any{"body": "MARK-STAFF-TO-A"}), "staff comment to A")

		// The move.
		r = e.as("merch", "PATCH", orderURL, map[string]any{"supplier_id": e.suppliers["huaxing"].ID})
		if r.status != 200 || num(r.json(t)["supplier"].(map[string]any), "id") != e.suppliers["huaxing"].ID {
			t.Fatalf("move the order: %d %s", r.status, r.body)
		}
		// A decision on A's old round, after the move, concerns A only.
		if r := e.as("merch", "POST", fmt.Sprintf("/api/v1/samples/%d/reject", aRound), map[string]any{"comment": "MARK-A-DECISION"}); r.status != 200 {
			t.Fatalf("reject A's round: %d %s", r.status, r.body)
		}

		// Written while the order is B's.
		r = e.as("foreign", "POST", reportsURL, map[string]any{"date": today, "quantity": 40,
			"note": "MARK-B-NOTE", "photo_ids": []int64{e.uploadAs("foreign")}})
		bReport := idOf(r, "B's report")
		bReportPhoto := photoOf(r)
		r = e.as("foreign", "POST", orderURL+"/comments", map[string]any{"body": "MARK-B-COMMENT", "photo_ids": []int64{e.uploadAs("foreign")}})
		bComment := idOf(r, "B's comment")
		bRound := idOf(e.submitSample("foreign", oid, "pp"), "B's sample")
		staffToB := idOf(e.as("merch", "POST", orderURL+"/comments", map[string]any{"body": "MARK-STAFF-TO-B"}), "staff comment to B")

		// Every row carries the supplier the order had when it was written.
		a, b := e.suppliers["jinling"].ID, e.suppliers["huaxing"].ID
		for _, c := range []struct {
			table string
			id    int64
			want  int64
		}{
			{"comments", aComment, a}, {"comments", staffToA, a}, {"comments", bComment, b}, {"comments", staffToB, b},
			{"progress_reports", aReport, a}, {"progress_reports", bReport, b},
			{"sample_rounds", aRound, a}, {"sample_rounds", bRound, b},
		} {
			var got *int64
			if err := db.Gorm.Table(c.table).Select("supplier_id").Where("id = ?", c.id).Scan(&got).Error; err != nil {
				t.Fatal(err)
			}
			if got == nil || *got != c.want {
				t.Errorf("%s %d: supplier_id = %v, want %d", c.table, c.id, got, c.want)
			}
		}
		var unstamped int64
		db.Gorm.Model(&models.ActivityEvent{}).Where("supplier_id IS NULL").Count(&unstamped)
		if unstamped != 0 {
			t.Errorf("%d activity events without a supplier", unstamped)
		}

		// A's factory: the order is no longer theirs.
		for _, path := range []string{orderURL, orderURL + "/comments", orderURL + "/activity", orderURL + "/samples",
			orderURL + "/milestones", orderURL + "/revisions", reportsURL,
			fmt.Sprintf("/api/v1/samples/%d", aRound), fmt.Sprintf("/api/v1/samples/%d", bRound),
			fmt.Sprintf("/api/v1/photos/%d", bReportPhoto)} {
			if r := e.as("factory", "GET", path, nil); r.status != 404 {
				t.Errorf("A's factory GET %s after the move: %d %s", path, r.status, r.body)
			}
		}
		if r := e.as("factory", "POST", orderURL+"/comments", map[string]any{"body": "still there?"}); r.status != 404 {
			t.Errorf("A's factory comments after the move: %d", r.status)
		}

		// B's factory: only B's rows and staff rows written while the order was B's.
		aMarks := []string{"MARK-A-NOTE", "王师傅", "MARK-A-COMMENT", "MARK-STAFF-TO-A", "MARK-A-DECISION"}
		seen := func(path string) map[string]any {
			t.Helper()
			r := e.as("foreign", "GET", path, nil)
			if r.status != 200 {
				t.Fatalf("B's factory GET %s: %d %s", path, r.status, r.body)
			}
			for _, m := range aMarks {
				if strings.Contains(string(r.body), m) {
					t.Errorf("B's factory GET %s shows %s: %s", path, m, r.body)
				}
			}
			return r.json(t)
		}
		seen(orderURL)
		seen(orderURL + "/milestones")
		if got := ids(seen(orderURL + "/comments")["items"]); fmt.Sprint(got) != fmt.Sprint([]int64{bComment, staffToB}) {
			t.Errorf("B's factory comments = %v, want %v", got, []int64{bComment, staffToB})
		}
		if got := ids(seen(reportsURL)["items"]); fmt.Sprint(got) != fmt.Sprint([]int64{bReport}) {
			t.Errorf("B's factory reports = %v, want [%d]", got, bReport)
		}
		groups := seen(orderURL + "/samples")["items"].([]any)
		if len(groups) != 1 || fmt.Sprint(ids(groups[0].(map[string]any)["rounds"])) != fmt.Sprint([]int64{bRound}) {
			t.Errorf("B's factory samples = %v, want only round %d", groups, bRound)
		}
		kinds := map[string]int{}
		for _, it := range seen(orderURL + "/activity")["items"].([]any) {
			ev := it.(map[string]any)
			kinds[ev["kind"].(string)]++
			d, _ := ev["data"].(map[string]any)
			if r, c, s := num(d, "report_id"), num(d, "comment_id"), num(d, "sample_id"); r == aReport || c == aComment || c == staffToA || s == aRound {
				t.Errorf("B's factory activity shows A's row: %v", ev)
			}
		}
		// The move itself is B's to read; A's history (created, confirmed,
		// A's report and comments) is not.
		want := map[string]int{models.ActOrderRevised: 1, models.ActProgressReported: 1, models.ActCommented: 2, models.ActSampleSubmitted: 1}
		if fmt.Sprint(kinds) != fmt.Sprint(want) {
			t.Errorf("B's factory activity kinds = %v, want %v", kinds, want)
		}
		for _, path := range []string{fmt.Sprintf("/api/v1/samples/%d", aRound), fmt.Sprintf("/api/v1/photos/%d", aReportPhoto),
			fmt.Sprintf("/api/v1/photos/%d", aCommentPhoto), fmt.Sprintf("/api/v1/photos/%d", aRoundPhoto)} {
			if r := e.as("foreign", "GET", path, nil); r.status != 404 {
				t.Errorf("B's factory GET %s (A's): %d", path, r.status)
			}
		}
		// Deciding is staff's: B learns nothing about A's round (404, not 403).
		if r := e.as("foreign", "POST", fmt.Sprintf("/api/v1/samples/%d/approve", aRound), nil); r.status != 404 {
			t.Errorf("B's factory approves A's round: %d", r.status)
		}
		if r := e.as("foreign", "POST", fmt.Sprintf("/api/v1/samples/%d/approve", bRound), nil); r.status != 403 {
			t.Errorf("B's factory approves its own round: %d", r.status)
		}
		if r := e.as("foreign", "GET", fmt.Sprintf("/api/v1/samples/%d", bRound), nil); r.status != 200 {
			t.Errorf("B's factory GET its round: %d", r.status)
		}
		if r := e.as("foreign", "GET", fmt.Sprintf("/api/v1/photos/%d", bReportPhoto), nil); r.status != 200 {
			t.Errorf("B's factory GET its photo: %d", r.status)
		}
		// The decision on A's round was recorded for A, not B.
		ns, err := e.store.ListNotifications(context.Background(), nil, &b)
		if err != nil {
			t.Fatal(err)
		}
		for _, n := range ns {
			if strings.Contains(n.Data, "MARK-A-DECISION") {
				t.Errorf("B was notified of the decision on A's round: %+v", n)
			}
		}
		// One for each of A's two factory users.
		if ns, _ := e.store.ListNotifications(context.Background(), nil, &a); len(ofKind(ns, models.NotifySampleDecided)) != 2 ||
			!strings.Contains(ofKind(ns, models.NotifySampleDecided)[0].Data, "MARK-A-DECISION") {
			t.Errorf("A's notifications = %+v, want the decision on its round", ns)
		}

		// Staff see everything.
		if got := ids(e.as("merch", "GET", orderURL+"/comments", nil).json(t)["items"]); fmt.Sprint(got) != fmt.Sprint([]int64{aComment, staffToA, bComment, staffToB}) {
			t.Errorf("staff comments = %v", got)
		}
		if got := ids(e.as("merch", "GET", reportsURL, nil).json(t)["items"]); fmt.Sprint(got) != fmt.Sprint([]int64{bReport, aReport}) {
			t.Errorf("staff reports = %v", got)
		}
		if r := e.as("merch", "GET", orderURL+"/samples", nil); len(ids(r.json(t)["items"].([]any)[0].(map[string]any)["rounds"])) != 2 {
			t.Errorf("staff samples: %s", r.body)
		}
		acts := e.as("merch", "GET", orderURL+"/activity", nil)
		for _, m := range []string{"MARK-A-NOTE", "MARK-A-DECISION", "MARK-B-NOTE", models.ActOrderCreated} {
			if !strings.Contains(string(acts.body), m) {
				t.Errorf("staff activity lacks %s: %s", m, acts.body)
			}
		}
		for _, ph := range []int64{aReportPhoto, aCommentPhoto, aRoundPhoto, bReportPhoto} {
			if r := e.as("merch", "GET", fmt.Sprintf("/api/v1/photos/%d", ph), nil); r.status != 200 {
				t.Errorf("staff GET photo %d: %d", ph, r.status)
			}
		}
		if r := e.as("merch", "GET", fmt.Sprintf("/api/v1/samples/%d", aRound), nil); r.status != 200 {
			t.Errorf("staff GET A's round: %d", r.status)
		}
		if n := len(e.as("merch", "GET", "/api/v1/approvals", nil).json(t)["items"].([]any)); n != 1 {
			t.Errorf("approvals = %d, want B's pending round (A's was rejected)", n)
		}
	})
}

// ids lists the "id" of each object in a JSON array.
func ids(items any) []int64 {
	var out []int64
	list, _ := items.([]any)
	for _, it := range list {
		m, _ := it.(map[string]any)
		out = append(out, num(m, "id"))
	}
	return out
}
