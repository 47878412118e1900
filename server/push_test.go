package server

import (
	"crypto/ecdh"
	"crypto/rand"
	"encoding/base64"
	"fmt"
	"testing"

	"gendan/models"
	"gendan/models/testdb"
)

// testPushKey stands for the VAPID public key a node is given.
const testPushKey = "BNvapid-public-key-of-the-test-env"

// browserSubscription is what a browser's PushSubscription.toJSON() gives,
// with real keys, for an endpoint numbered n.
func browserSubscription(t testing.TB, n int64) map[string]any {
	t.Helper()
	k, err := ecdh.P256().GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	auth := make([]byte, 16)
	rand.Read(auth)
	return map[string]any{"endpoint": fmt.Sprintf("https://push.example/send/%d", n), "expirationTime": nil,
		"keys": map[string]any{"p256dh": base64.RawURLEncoding.EncodeToString(k.PublicKey().Bytes()),
			"auth": base64.RawURLEncoding.EncodeToString(auth)}}
}

func init() {
	authzMatrix = append(authzMatrix,
		authzRow{method: "GET", path: "/api/v1/push/key", url: fixed("/api/v1/push/key"), want: everyoneSignedIn(200)},
		authzRow{method: "POST", path: "/api/v1/push/subscriptions", url: fixed("/api/v1/push/subscriptions"),
			bodyAs: func(e *env, _ string) any { return browserSubscription(e.t, seq.Add(1)) }, want: everyoneSignedIn(201)},
		authzRow{method: "DELETE", path: "/api/v1/push/subscriptions", url: fixed("/api/v1/push/subscriptions"),
			body: func(n int64) any { return map[string]any{"endpoint": fmt.Sprintf("https://push.example/send/%d", n)} },
			want: everyoneSignedIn(200)},
	)
}

func TestPushSubscriptions(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *models.DB) {
		e := newEnv(t, db)
		if r := e.as("factory", "GET", "/api/v1/push/key", nil); r.json(t)["public_key"] != testPushKey || r.json(t)["enabled"] != true {
			t.Fatalf("key: %s", r.body)
		}
		sub := browserSubscription(t, 1)
		if r := e.as("factory", "POST", "/api/v1/push/subscriptions", sub); r.status != 201 {
			t.Fatalf("subscribe: %d %s", r.status, r.body)
		}
		// The same browser again: updated, not added.
		if r := e.as("factory", "POST", "/api/v1/push/subscriptions", sub); r.status != 200 {
			t.Errorf("again: %d %s", r.status, r.body)
		}
		// Another user signs in on that browser: it is theirs now.
		if r := e.as("merch", "POST", "/api/v1/push/subscriptions", sub); r.status != 200 {
			t.Errorf("another user on the browser: %d", r.status)
		}
		var subs []models.PushSubscription
		e.store.Gorm().Find(&subs)
		if len(subs) != 1 || subs[0].UserID != e.users["merch"].ID {
			t.Fatalf("subscriptions: %+v", subs)
		}
		// The first user cannot remove it any more; its owner can.
		if r := e.as("factory", "DELETE", "/api/v1/push/subscriptions", map[string]any{"endpoint": sub["endpoint"]}); r.json(t)["removed"] != false {
			t.Errorf("factory removes merch's: %s", r.body)
		}
		if r := e.as("merch", "DELETE", "/api/v1/push/subscriptions", map[string]any{"endpoint": sub["endpoint"]}); r.json(t)["removed"] != true {
			t.Errorf("merch removes its own: %s", r.body)
		}
		// Bad subscriptions are refused field by field.
		bad := e.as("factory", "POST", "/api/v1/push/subscriptions", map[string]any{"endpoint": "http://push.example/x",
			"keys": map[string]any{"p256dh": "AAAA", "auth": "not base64!"}})
		for field, code := range map[string]string{"endpoint": "invalid_push_endpoint", "keys.p256dh": "invalid_push_key", "keys.auth": "invalid_push_key"} {
			if got := bad.fieldCode(t, field); got != code {
				t.Errorf("%s: %q, want %q (%s)", field, got, code, bad.body)
			}
		}
	})
}

func TestPushOff(t *testing.T) {
	e := newEnv(t, testdb.SQLite(t), func(o *Options) { o.PushPublicKey = "" })
	if r := e.as("factory", "GET", "/api/v1/push/key", nil); r.json(t)["enabled"] != false {
		t.Errorf("key when off: %s", r.body)
	}
	if r := e.as("factory", "POST", "/api/v1/push/subscriptions", browserSubscription(t, 9)); r.status != 409 || r.errorCode(t) != "push_not_enabled" {
		t.Errorf("subscribe when off: %d %s", r.status, r.body)
	}
}
