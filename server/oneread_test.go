package server

import (
	"fmt"
	"io"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/gofiber/fiber/v2"

	"gendan/models"
	"gendan/models/testdb"
)

// TestOneReadRoutesCheckTheCallerFirst: an order and its plan are read in
// one query that brings the caller's users row along (auth.go, "One-read
// routes"). The answers are those of the two-read path: a revoked, disabled
// or moved user gets 401 (never 404 or 400 first, whatever the order or
// the id), a factory another supplier's order or its own draft 404, a
// factory user without a supplier 403 — and a good read on MySQL costs one
// query.
func TestOneReadRoutesCheckTheCallerFirst(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *models.DB) {
		e := newEnv(t, db)
		oid := e.fixtureOrder()
		draft := e.draftOrder()
		paths := func(id any) []string {
			return []string{fmt.Sprintf("/api/v1/orders/%v", id), fmt.Sprintf("/api/v1/orders/%v/milestones", id)}
		}
		want := func(what, token string, id any, status int, code string) {
			t.Helper()
			for _, p := range paths(id) {
				authWant(t, what+" "+p, e.do(req{method: "GET", path: p, token: token}), status, code)
			}
		}
		merch, factory, foreign := e.token("merch"), e.token("factory"), e.token("foreign")
		want("merchandiser", merch, oid, 200, "")
		want("merchandiser, a draft", merch, draft, 200, "")
		want("factory", factory, oid, 200, "")
		want("factory, its draft", factory, draft, 404, "not_found")
		want("another factory", foreign, oid, 404, "not_found")
		want("unknown order", merch, 1<<40, 404, "not_found")
		want("bad id", merch, "x1", 404, "not_found")
		want("no token", "", oid, 401, "unauthenticated")
		want("bad token", "not-a-token", oid, 401, "invalid_token")

		// Reads: on MySQL one query per request, the caller's check
		// included; on SQLite two in-process reads (models/order_read_as.go).
		wantReads := int64(1)
		if db.Dialect == models.SQLite {
			wantReads = 2
		}
		for _, p := range paths(oid) {
			before := e.store.Reads()
			authWant(t, "count "+p, e.do(req{method: "GET", path: p, token: merch}), 200, "")
			if n := e.store.Reads() - before; n != wantReads {
				t.Errorf("%s: %d lean reads, want %d", p, n, wantReads)
			}
		}

		// A bumped token version (password change, supplier move) ends the token.
		if err := e.store.Gorm().Model(&models.User{}).Where("id = ?", e.users["factory"].ID).
			Update("token_version", e.users["factory"].TokenVersion+1).Error; err != nil {
			t.Fatal(err)
		}
		for _, id := range []any{oid, draft, 1 << 40, "x1"} {
			want("revoked factory", factory, id, 401, "session_revoked")
		}
		// A disabled user, whatever the order.
		if err := e.store.Gorm().Model(&models.User{}).Where("id = ?", e.users["merch"].ID).Update("active", false).Error; err != nil {
			t.Fatal(err)
		}
		for _, id := range []any{oid, draft, 1 << 40, "x1"} {
			want("disabled merchandiser", merch, id, 401, "session_revoked")
		}
		// A factory user whose supplier was taken away.
		if err := e.store.Gorm().Exec("UPDATE users SET supplier_id = NULL WHERE id = ?", e.users["foreign"].ID).Error; err != nil {
			t.Fatal(err)
		}
		want("factory user without a supplier", foreign, oid, 403, "forbidden")
		want("factory user without a supplier, unknown order", foreign, 1<<40, 403, "forbidden")
	})
}

// TestOneReadRouteThatSkipsTheCheckFails: a one-read handler that answers
// without handing its read's state to admitRead answers 500, not its body.
func TestOneReadRouteThatSkipsTheCheckFails(t *testing.T) {
	e := newEnv(t, testdb.SQLite(t))
	app := fiber.New(fiber.Config{ErrorHandler: e.srv.writeError})
	forgetful := route{"GET", "/x", signedInOneRead, 0, func(c *fiber.Ctx) error {
		return c.JSON(fiber.Map{"secret": "price"})
	}}
	app.Get("/x", e.srv.wrap(forgetful))
	for _, tc := range []struct {
		token  string
		status int
	}{{e.token("merch"), 500}, {"", 401}} {
		r := httptest.NewRequest("GET", "/x", nil)
		if tc.token != "" {
			r.Header.Set("Authorization", "Bearer "+tc.token)
		}
		resp, err := app.Test(r)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		if resp.StatusCode != tc.status || strings.Contains(string(body), "price") {
			t.Fatalf("forgetful handler: %d %s, want %d without its body", resp.StatusCode, body, tc.status)
		}
	}
}
