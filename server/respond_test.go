package server

import (
	"bytes"
	"compress/gzip"
	"context"
	"fmt"
	"io"
	"testing"

	"gendan/models"
	"gendan/models/testdb"
)

// TestOrderReadsRevalidateAndCompress: the order list and an order carry
// a weak ETag; sending it back answers 304 with no body while nothing
// changed, and 200 with a new tag once something the answer shows did;
// gzip is used only when the client accepts it and decompresses to the
// very bytes of the plain answer; staff and factory answers differ.
func TestOrderReadsRevalidateAndCompress(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *models.DB) {
		e := newEnv(t, db)
		ctx := context.Background()
		for i := 0; i < 12; i++ { // enough orders for the list to be worth compressing
			id := e.draftOrder()
			if _, err := e.store.ConfirmOrder(ctx, id, nil, models.LateKeep, e.users["merch"].ID); err != nil {
				t.Fatal(err)
			}
		}
		get := func(user, path string, headers map[string]string) *response {
			t.Helper()
			return e.do(req{method: "GET", path: path, token: e.token(user), headers: headers})
		}
		for _, path := range []string{"/api/v1/orders", fmt.Sprintf("/api/v1/orders/%d", e.firstOrderID(t))} {
			plain := get("factory", path, nil)
			tag := plain.header.Get("ETag")
			if plain.status != 200 || len(tag) < 10 || tag[:3] != `W/"` {
				t.Fatalf("%s: %d, ETag %q", path, plain.status, tag)
			}
			if cc := plain.header.Get("Cache-Control"); cc != "private, no-cache" {
				t.Errorf("%s: Cache-Control %q", path, cc)
			}
			if plain.header.Get("Content-Encoding") != "" {
				t.Errorf("%s: compressed without Accept-Encoding", path)
			}
			same := get("factory", path, map[string]string{"If-None-Match": tag})
			if same.status != 304 || len(same.body) != 0 {
				t.Errorf("%s: revalidation answered %d with %d bytes", path, same.status, len(same.body))
			}
			if r := get("factory", path, map[string]string{"If-None-Match": `W/"000000000000000000000000", ` + tag}); r.status != 304 {
				t.Errorf("%s: a list of tags holding the current one answered %d", path, r.status)
			}
			if r := get("factory", path, map[string]string{"If-None-Match": `W/"000000000000000000000000"`}); r.status != 200 {
				t.Errorf("%s: another tag answered %d", path, r.status)
			}
			if staff := get("merch", path, nil); staff.header.Get("ETag") == tag || bytes.Equal(staff.body, plain.body) {
				t.Errorf("%s: the merchandiser's answer has the factory's tag or body", path)
			}
			if path != "/api/v1/orders" {
				continue
			}
			z := get("factory", path, map[string]string{"Accept-Encoding": "br;q=1.0, gzip;q=0.8"})
			if z.header.Get("Content-Encoding") != "gzip" || z.header.Get("ETag") != tag {
				t.Fatalf("gzip: Content-Encoding %q, ETag %q", z.header.Get("Content-Encoding"), z.header.Get("ETag"))
			}
			zr, err := gzip.NewReader(bytes.NewReader(z.body))
			if err != nil {
				t.Fatal(err)
			}
			unz, err := io.ReadAll(zr)
			if err != nil || !bytes.Equal(unz, plain.body) {
				t.Fatalf("gzip body does not decompress to the plain body (%v)", err)
			}
			if len(z.body)*3 > len(plain.body) {
				t.Errorf("gzip: %d bytes for %d", len(z.body), len(plain.body))
			}
			for _, ae := range []string{"gzip;q=0", "br", "identity", "deflate"} {
				if r := get("factory", path, map[string]string{"Accept-Encoding": ae}); r.header.Get("Content-Encoding") != "" {
					t.Errorf("Accept-Encoding %q: compressed with %s", ae, r.header.Get("Content-Encoding"))
				}
			}
			// A change the list shows (the next step moves) changes the tag.
			ms, err := e.store.ListMilestones(ctx, e.firstOrderID(t))
			if err != nil {
				t.Fatal(err)
			}
			if _, err := e.store.RescheduleMilestone(ctx, ms[0].ID, models.AddDays(ms[0].PlannedDate, 1), true, e.users["merch"].ID); err != nil {
				t.Fatal(err)
			}
			if r := get("factory", path, map[string]string{"If-None-Match": tag}); r.status != 200 || r.header.Get("ETag") == tag {
				t.Errorf("after a change: %d with ETag %q (was %q)", r.status, r.header.Get("ETag"), tag)
			}
		}
	})
}

// firstOrderID is the id of the newest order (the list's first).
func (e *env) firstOrderID(t *testing.T) int64 {
	t.Helper()
	views, _, err := e.store.ListOrders(context.Background(), models.OrderFilter{Page: models.Page{Limit: 1}})
	if err != nil || len(views) == 0 {
		t.Fatalf("no order: %v", err)
	}
	return views[0].ID
}
