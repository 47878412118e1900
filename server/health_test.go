package server

import (
	"testing"

	"gendan/models"
	"gendan/models/testdb"
)

func TestHealthAndReadiness(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *models.DB) {
		e := newEnv(t, db)
		if r := e.do(req{method: "GET", path: "/healthz"}); r.status != 200 {
			t.Fatalf("healthz: %d", r.status)
		}
		if r := e.do(req{method: "GET", path: "/readyz"}); r.status != 200 {
			t.Fatalf("readyz: %d %s", r.status, r.body)
		}
		e.srv.SetReady(false)
		if r := e.do(req{method: "GET", path: "/readyz"}); r.status != 503 {
			t.Fatalf("draining readyz: %d", r.status)
		}
		e.srv.SetReady(true)
		db.Close()
		if r := e.do(req{method: "GET", path: "/readyz"}); r.status != 503 {
			t.Fatalf("readyz with the database closed: %d", r.status)
		}
	})
}
