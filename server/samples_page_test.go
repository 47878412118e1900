package server

import (
	"context"
	"fmt"
	"net/url"
	"testing"
	"time"

	"gendan/models"
	"gendan/models/testdb"
)

// insertRounds writes n rounds on the fixture order directly (submitting
// hundreds through the API would only test uploads): types in turn, round
// numbers rising per type, created every 3 rounds (so some share a time).
func (e *env) insertRounds(n int, status func(i int) string) []int64 {
	e.t.Helper()
	oid := e.fixtureOrder()
	sid := e.suppliers["jinling"].ID
	types := []string{"lab_dip", "proto", "fit"}
	ids := make([]int64, n)
	for i := 0; i < n; i++ {
		r := models.SampleRound{OrderID: oid, SampleType: types[i%3], RoundNo: i/3 + 1, Status: status(i),
			SubmittedBy: e.users["factory"].ID, SupplierID: &sid, Annotations: "[]",
			CreatedAt: e.clock.Now().Add(time.Duration(i/3) * time.Minute)}
		if err := e.store.Gorm().Create(&r).Error; err != nil {
			e.t.Fatal(err)
		}
		ids[i] = r.ID
	}
	// written past the store: bring the order's stored risk up to date
	if err := e.store.RefreshRisk(context.Background(), oid); err != nil {
		e.t.Fatal(err)
	}
	return ids
}

// walk follows next_cursor from url, returning every page's JSON.
func (e *env) walk(user, path string) []map[string]any {
	e.t.Helper()
	var pages []map[string]any
	next := ""
	for {
		p := path
		if next != "" {
			p += "&cursor=" + url.QueryEscape(next)
		}
		r := e.as(user, "GET", p, nil)
		if r.status != 200 {
			e.t.Fatalf("GET %s: %d %s", p, r.status, r.body)
		}
		m := r.json(e.t)
		pages = append(pages, m)
		next, _ = m["next_cursor"].(string)
		if next == "" || len(pages) > 100 {
			return pages
		}
	}
}

// TestSamplesPaged: an order's rounds come a page at a time, newest first,
// each page grouped by type; all pages together hold every round once, and
// the factory's resubmit action still sees the type's latest round.
func TestSamplesPaged(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *models.DB) {
		e := newEnv(t, db)
		const n = 62
		ids := e.insertRounds(n, func(i int) string {
			if i >= n-3 {
				return models.SampleRejected
			}
			return models.SampleApproved
		})
		oid := e.fixtureOrder()
		first := e.as("merch", "GET", fmt.Sprintf("/api/v1/orders/%d/samples", oid), nil).json(t)
		if first["next_cursor"] == "" {
			t.Fatal("62 rounds fit in a default page")
		}
		count := 0
		for _, g := range first["items"].([]any) {
			count += len(g.(map[string]any)["rounds"].([]any))
		}
		if count != models.DefaultPageSize {
			t.Fatalf("default page holds %d rounds", count)
		}
		if r := e.as("merch", "GET", fmt.Sprintf("/api/v1/orders/%d/samples?cursor=nonsense", oid), nil); r.status != 422 {
			t.Fatalf("bad cursor: %d", r.status)
		}
		for _, user := range []string{"merch", "factory"} {
			pages := e.walk(user, fmt.Sprintf("/api/v1/orders/%d/samples?limit=7", oid))
			if len(pages) != 9 {
				t.Fatalf("%s: %d pages of 7 for 62 rounds", user, len(pages))
			}
			var got []int64
			resubmit := 0
			for _, p := range pages {
				var page []int64
				for _, g := range p["items"].([]any) {
					for _, r := range g.(map[string]any)["rounds"].([]any) {
						m := r.(map[string]any)
						page = append(page, int64(m["id"].(float64)))
						for _, a := range m["actions"].([]any) {
							if a == "resubmit" {
								resubmit++
							}
						}
					}
				}
				if len(page) > 7 {
					t.Fatalf("%s: a page of %d rounds", user, len(page))
				}
				got = append(got, page...)
			}
			seen := map[int64]bool{}
			for _, id := range got {
				seen[id] = true
			}
			if len(got) != n || len(seen) != n || !seen[ids[0]] || !seen[ids[n-1]] {
				t.Fatalf("%s: %d rounds (%d distinct) over the pages, want %d", user, len(got), len(seen), n)
			}
			if want := map[string]int{"merch": 0, "factory": 3}[user]; resubmit != want {
				t.Errorf("%s: %d rounds offer resubmit, want %d (the latest of each type)", user, resubmit, want)
			}
		}
		if r := e.as("foreign", "GET", fmt.Sprintf("/api/v1/orders/%d/samples?limit=7", oid), nil); r.status != 404 {
			t.Fatalf("foreign: %d", r.status)
		}
	})
}

// TestApprovalsPaged: the queue has no silent cap: it pages oldest first
// (rounds sharing a time in id order), counts and total cover the whole
// queue, and a page boundary inside a run of equal times loses nothing.
func TestApprovalsPaged(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *models.DB) {
		e := newEnv(t, db)
		const n = 71
		ids := e.insertRounds(n, func(int) string { return models.SamplePending })
		first := e.as("merch", "GET", "/api/v1/approvals", nil).json(t)
		if len(first["items"].([]any)) != models.DefaultPageSize || first["next_cursor"] == "" || first["total"] != float64(n) {
			t.Fatalf("first page: %d items, next %q, total %v", len(first["items"].([]any)), first["next_cursor"], first["total"])
		}
		sum := 0.0
		for _, c := range first["counts"].([]any) {
			sum += c.(map[string]any)["count"].(float64)
		}
		if sum != n {
			t.Fatalf("counts add up to %v, want %d", sum, n)
		}
		var got []int64
		for _, p := range e.walk("merch", "/api/v1/approvals?limit=5") {
			for _, it := range p["items"].([]any) {
				got = append(got, int64(it.(map[string]any)["id"].(float64)))
			}
		}
		if len(got) != n {
			t.Fatalf("%d rounds over the pages, want %d", len(got), n)
		}
		for i := range got {
			if got[i] != ids[i] {
				t.Fatalf("round %d is %d, want %d (oldest first)", i, got[i], ids[i])
			}
		}
		if r := e.as("merch", "GET", "/api/v1/approvals?limit=0", nil); r.status != 422 {
			t.Fatalf("limit=0: %d", r.status)
		}
		if r := e.as("merch", "GET", "/api/v1/approvals?cursor="+models.EncodeCursor(1<<40), nil); r.status != 422 {
			t.Fatalf("cursor of no round: %d", r.status)
		}
	})
}

// TestApprovalsAll: a merchandiser's queue holds their own orders; with
// all=true every merchandiser's, as an admin's always does.
func TestApprovalsAll(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *models.DB) {
		e := newEnv(t, db)
		own := e.insertRounds(1, func(int) string { return models.SamplePending })[0]
		other := e.draftOrder()
		if _, err := e.store.ConfirmOrder(context.Background(), other, nil, models.LateKeep, e.users["merch"].ID); err != nil {
			t.Fatal(err)
		}
		if err := e.store.Gorm().Model(&models.Order{}).Where("id = ?", other).Update("merchandiser_id", e.users["admin"].ID).Error; err != nil {
			t.Fatal(err)
		}
		sid := e.suppliers["jinling"].ID
		r := models.SampleRound{OrderID: other, SampleType: "fit", RoundNo: 1, Status: models.SamplePending,
			SubmittedBy: e.users["factory"].ID, SupplierID: &sid, Annotations: "[]", CreatedAt: e.clock.Now()}
		if err := e.store.Gorm().Create(&r).Error; err != nil {
			t.Fatal(err)
		}
		queue := func(user, path string) []int64 {
			res := e.as(user, "GET", path, nil)
			if res.status != 200 {
				t.Fatalf("%s %s: %d", user, path, res.status)
			}
			var ids []int64
			for _, it := range res.json(t)["items"].([]any) {
				ids = append(ids, int64(it.(map[string]any)["id"].(float64)))
			}
			return ids
		}
		for _, c := range []struct {
			user, path string
			want       []int64
		}{
			{"merch", "/api/v1/approvals", []int64{own}},
			{"merch", "/api/v1/approvals?all=false", []int64{own}},
			{"merch", "/api/v1/approvals?all=true", []int64{own, r.ID}},
			{"admin", "/api/v1/approvals", []int64{own, r.ID}},
		} {
			if got := queue(c.user, c.path); fmt.Sprint(got) != fmt.Sprint(c.want) {
				t.Errorf("%s %s: %v, want %v", c.user, c.path, got, c.want)
			}
		}
		if res := e.as("factory", "GET", "/api/v1/approvals?all=true", nil); res.status != 403 {
			t.Errorf("factory all=true: %d", res.status)
		}
	})
}
