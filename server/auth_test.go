package server

import (
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"

	"gendan/models"
	"gendan/models/testdb"
)

// ---- helpers (prefixed "auth" so they do not collide with other test files)

// authTry is e.do without *testing.T, safe to call from goroutines.
func (e *env) authTry(r req) (*response, error) {
	res, hr, err := e.send(r)
	if err != nil {
		return nil, err
	}
	if err := checkResponse(hr, res.status, res.header, res.body); err != nil {
		return nil, fmt.Errorf("%s %s: %d: response does not match openapi.yaml: %w", r.method, r.path, res.status, err)
	}
	return res, nil
}

func authCookieHeader(v string) map[string]string {
	return map[string]string{"Cookie": refreshCookie + "=" + v}
}

// authLogin posts a login and returns the response.
func (e *env) authLogin(login, password string) *response {
	e.t.Helper()
	return e.do(req{method: "POST", path: "/api/v1/auth/login",
		body: map[string]string{"login": login, "password": password}})
}

// authSession logs a fixture user in and returns the access token and the
// refresh cookie value.
func (e *env) authSession(user string) (string, string) {
	e.t.Helper()
	r := e.authLogin(userFixtures[user].email, testPassword)
	if r.status != 200 {
		e.t.Fatalf("login %s: %d %s", user, r.status, r.body)
	}
	at, _ := r.json(e.t)["access_token"].(string)
	rt, _ := r.cookie(refreshCookie)
	if at == "" || rt == "" {
		e.t.Fatalf("login %s: no access token or refresh cookie: %s", user, r.body)
	}
	return at, rt
}

// authRefreshToken starts a refresh-token family as a login would, without
// paying for the password hash.
func (e *env) authRefreshToken(user string) string {
	e.t.Helper()
	rt, err := e.store.IssueRefreshToken(context.Background(), e.users[user].ID)
	if err != nil {
		e.t.Fatal(err)
	}
	return rt
}

func (e *env) authRefresh(cookie string) *response {
	e.t.Helper()
	return e.do(req{method: "POST", path: "/api/v1/auth/refresh", headers: authCookieHeader(cookie)})
}

func (e *env) authMe(token string) *response {
	e.t.Helper()
	return e.do(req{method: "GET", path: "/api/v1/me", token: token})
}

func authWant(t *testing.T, what string, r *response, status int, code string) {
	t.Helper()
	if r.status != status {
		t.Fatalf("%s: status %d, want %d: %s", what, r.status, status, r.body)
	}
	if code != "" {
		if got := r.errorCode(t); got != code {
			t.Fatalf("%s: error code %q, want %q: %s", what, got, code, r.body)
		}
	}
}

// authClaims are the claims server/tokens.go puts in an access token, for a
// user, at the env's clock.
func (e *env) authClaims(user string) jwt.MapClaims {
	e.t.Helper()
	u := e.users[user]
	st, err := e.store.GetAuthState(context.Background(), u.ID)
	if err != nil {
		e.t.Fatal(err)
	}
	now := e.clock.Now()
	return jwt.MapClaims{
		"iss": tokenIssuer,
		"aud": []string{tokenAudience},
		"sub": strconv.FormatInt(u.ID, 10),
		"exp": now.Add(AccessTokenTTL).Unix(),
		"nbf": now.Unix(),
		"iat": now.Unix(),
		"ver": st.TokenVersion,
		"typ": "access",
	}
}

// authSign signs claims with method and key; kid "" leaves the header out.
func authSign(t *testing.T, method jwt.SigningMethod, key any, kid string, claims jwt.MapClaims) string {
	t.Helper()
	tok := jwt.NewWithClaims(method, claims)
	if kid != "" {
		tok.Header["kid"] = kid
	}
	s, err := tok.SignedString(key)
	if err != nil {
		t.Fatalf("sign %s: %v", method.Alg(), err)
	}
	return s
}

// authHMACWithHeader builds a token whose header claims any alg but whose
// signature is HMAC-SHA256 with key: the classic algorithm-confusion forgery.
func authHMACWithHeader(t *testing.T, header map[string]any, claims jwt.MapClaims, key []byte) string {
	t.Helper()
	h, err := json.Marshal(header)
	if err != nil {
		t.Fatal(err)
	}
	c, err := json.Marshal(claims)
	if err != nil {
		t.Fatal(err)
	}
	enc := base64.RawURLEncoding
	signing := enc.EncodeToString(h) + "." + enc.EncodeToString(c)
	m := hmac.New(sha256.New, key)
	m.Write([]byte(signing))
	return signing + "." + enc.EncodeToString(m.Sum(nil))
}

// ---- 1. forged access tokens

func TestForgedAccessTokensAreRejected(t *testing.T) {
	rsaKey, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	otherSecret := []byte("another-secret-0123456789abcdef0123456789")
	testdb.Each(t, func(t *testing.T, db *models.DB) {
		e := newEnv(t, db)
		kid := e.srv.tokens.current.id
		_, refresh := e.authSession("factory")
		if !strings.HasPrefix(refresh, "rt1.") {
			t.Fatalf("refresh cookie %q is not an rt1. token", refresh)
		}
		claims := func(f func(jwt.MapClaims)) jwt.MapClaims {
			c := e.authClaims("factory")
			if f != nil {
				f(c)
			}
			return c
		}
		hs := func(f func(jwt.MapClaims)) string {
			return authSign(t, jwt.SigningMethodHS256, testJWTKey, kid, claims(f))
		}
		now := e.clock.Now()

		rows := []struct {
			name   string
			header string // the whole Authorization header
			want   int
		}{
			{"control: correctly built token", "Bearer " + hs(nil), 200},
			{"alg none", "Bearer " + authSign(t, jwt.SigningMethodNone, jwt.UnsafeAllowNoneSignatureType, kid, claims(nil)), 401},
			{"RS256 signed with a foreign RSA key", "Bearer " + authSign(t, jwt.SigningMethodRS256, rsaKey, kid, claims(nil)), 401},
			{"header RS256, HMAC-signed with the real key", "Bearer " + authHMACWithHeader(t,
				map[string]any{"alg": "RS256", "typ": "JWT", "kid": kid}, claims(nil), testJWTKey), 401},
			{"HS512 with the real key", "Bearer " + authSign(t, jwt.SigningMethodHS512, testJWTKey, kid, claims(nil)), 401},
			{"wrong aud", "Bearer " + hs(func(c jwt.MapClaims) { c["aud"] = []string{"gendan-admin"} }), 401},
			{"wrong iss", "Bearer " + hs(func(c jwt.MapClaims) { c["iss"] = "evil" }), 401},
			{"expired", "Bearer " + hs(func(c jwt.MapClaims) {
				c["iat"] = now.Add(-20 * time.Minute).Unix()
				c["nbf"] = now.Add(-20 * time.Minute).Unix()
				c["exp"] = now.Add(-time.Minute).Unix()
			}), 401},
			{"nbf in the future", "Bearer " + hs(func(c jwt.MapClaims) { c["nbf"] = now.Add(2 * time.Minute).Unix() }), 401},
			{"iat in the future", "Bearer " + hs(func(c jwt.MapClaims) { c["iat"] = now.Add(2 * time.Minute).Unix() }), 401},
			{"no exp", "Bearer " + hs(func(c jwt.MapClaims) { delete(c, "exp") }), 401},
			{"typ refresh", "Bearer " + hs(func(c jwt.MapClaims) { c["typ"] = "refresh" }), 401},
			{"no typ", "Bearer " + hs(func(c jwt.MapClaims) { delete(c, "typ") }), 401},
			{"stale token version", "Bearer " + hs(func(c jwt.MapClaims) { c["ver"] = c["ver"].(int) + 1 }), 401},
			{"sub of no user", "Bearer " + hs(func(c jwt.MapClaims) { c["sub"] = "999999" }), 401},
			{"sub not a number", "Bearer " + hs(func(c jwt.MapClaims) { c["sub"] = "factory" }), 401},
			{"unknown kid", "Bearer " + authSign(t, jwt.SigningMethodHS256, testJWTKey, "0123456789ab", claims(nil)), 401},
			{"missing kid", "Bearer " + authSign(t, jwt.SigningMethodHS256, testJWTKey, "", claims(nil)), 401},
			{"other secret, right kid", "Bearer " + authSign(t, jwt.SigningMethodHS256, otherSecret, kid, claims(nil)), 401},
			{"refresh token as bearer", "Bearer " + refresh, 401},
			{"garbage", "Bearer not.a.jwt", 401},
			{"empty bearer", "Bearer ", 401},
			{"basic scheme", "Basic " + base64.StdEncoding.EncodeToString([]byte("factory@test.example:"+testPassword)), 401},
		}
		for _, row := range rows {
			r := e.do(req{method: "GET", path: "/api/v1/me", headers: map[string]string{"Authorization": row.header}})
			if r.status != row.want {
				t.Errorf("%s: status %d, want %d: %s", row.name, r.status, row.want, r.body)
				continue
			}
			if row.want == 200 {
				if id, _ := r.json(t)["id"].(float64); int64(id) != e.users["factory"].ID {
					t.Errorf("%s: /me answered for user %v, want %d", row.name, id, e.users["factory"].ID)
				}
				continue
			}
			if code := r.errorCode(t); code == "" {
				t.Errorf("%s: no error code: %s", row.name, r.body)
			}
			if r.header.Get("WWW-Authenticate") == "" {
				t.Errorf("%s: 401 without WWW-Authenticate", row.name)
			}
		}
	})
}

func TestAccessTokenKeyRotation(t *testing.T) {
	newKey := []byte("rotated-jwt-key-fedcba9876543210fedcba9876543210")
	strayKey := []byte("stray-jwt-key-00000000000000000000000000000000")
	testdb.Each(t, func(t *testing.T, db *models.DB) {
		// The server now signs with newKey; testJWTKey is the previous key.
		e := newEnv(t, db, func(o *Options) {
			tk, err := NewTokenIssuer(newKey, testJWTKey, o.Clock)
			if err != nil {
				t.Fatal(err)
			}
			o.Tokens = tk
		})
		issuer := func(key []byte) *TokenIssuer {
			tk, err := NewTokenIssuer(key, nil, e.clock)
			if err != nil {
				t.Fatal(err)
			}
			return tk
		}
		uid := e.users["merch"].ID
		issue := func(tk *TokenIssuer) string {
			s, _, err := tk.Issue(uid, 0)
			if err != nil {
				t.Fatal(err)
			}
			return s
		}
		previousKid := newSigningKey(testJWTKey).id
		if previousKid == e.srv.tokens.current.id {
			t.Fatal("previous and current key share a kid")
		}
		rows := []struct {
			name  string
			token string
			want  int
		}{
			{"signed with the current key", e.token("merch"), 200},
			{"signed with the previous key", issue(issuer(testJWTKey)), 200},
			{"signed with neither key", issue(issuer(strayKey)), 401},
			{"neither key, previous kid", authSign(t, jwt.SigningMethodHS256, strayKey, previousKid, e.authClaims("merch")), 401},
			{"neither key, current kid", authSign(t, jwt.SigningMethodHS256, strayKey, e.srv.tokens.current.id, e.authClaims("merch")), 401},
			{"previous key, current kid", authSign(t, jwt.SigningMethodHS256, testJWTKey, e.srv.tokens.current.id, e.authClaims("merch")), 401},
		}
		for _, row := range rows {
			if r := e.authMe(row.token); r.status != row.want {
				t.Errorf("%s: status %d, want %d: %s", row.name, r.status, row.want, r.body)
			}
		}
	})
}

// ---- 2. login

func TestLogin(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *models.DB) {
		e := newEnv(t, db)
		fac := e.users["factory"]

		checkSession := func(name string, r *response, secure bool) {
			t.Helper()
			if r.status != 200 {
				t.Fatalf("%s: status %d: %s", name, r.status, r.body)
			}
			if cc := r.header.Get("Cache-Control"); cc != "no-store" {
				t.Errorf("%s: Cache-Control %q, want no-store", name, cc)
			}
			m := r.json(t)
			at, _ := m["access_token"].(string)
			if at == "" {
				t.Fatalf("%s: no access_token: %s", name, r.body)
			}
			if m["token_type"] != "Bearer" {
				t.Errorf("%s: token_type %v", name, m["token_type"])
			}
			if m["expires_in"] != float64(900) {
				t.Errorf("%s: expires_in %v, want 900", name, m["expires_in"])
			}
			u, _ := m["user"].(map[string]any)
			want := map[string]any{"id": float64(fac.ID), "name": fac.Name, "email": "factory@test.example",
				"phone": "13900000011", "role": "factory", "supplier_id": float64(e.suppliers["jinling"].ID), "locale": "zh-CN"}
			for k, v := range want {
				if u[k] != v {
					t.Errorf("%s: user.%s = %v, want %v", name, k, u[k], v)
				}
			}
			for _, k := range []string{"password_hash", "PasswordHash", "token_version", "TokenVersion"} {
				if _, ok := u[k]; ok {
					t.Errorf("%s: user exposes %s", name, k)
				}
			}
			if me := e.authMe(at); me.status != 200 {
				t.Errorf("%s: the access token does not work: %d %s", name, me.status, me.body)
			}
			v, ck := r.cookie(refreshCookie)
			if ck == nil || !strings.HasPrefix(v, "rt1.") {
				t.Fatalf("%s: no refresh cookie: %v", name, r.header.Values("Set-Cookie"))
			}
			if !ck.HttpOnly || ck.SameSite != http.SameSiteStrictMode || ck.Path != refreshPath {
				t.Errorf("%s: cookie HttpOnly=%v SameSite=%v Path=%q", name, ck.HttpOnly, ck.SameSite, ck.Path)
			}
			if ck.Secure != secure {
				t.Errorf("%s: cookie Secure=%v, want %v", name, ck.Secure, secure)
			}
			if exp := e.clock.Now().Add(models.RefreshTTL); ck.Expires.Sub(exp).Abs() > time.Minute {
				t.Errorf("%s: cookie expires %v, want about %v", name, ck.Expires, exp)
			}
		}

		r := e.do(req{method: "POST", path: "http://gendan.example.com/api/v1/auth/login",
			body: map[string]string{"login": "  Factory@TEST.example ", "password": testPassword}})
		checkSession("e-mail, mixed case, public host", r, true)

		r = e.do(req{method: "POST", path: "http://localhost/api/v1/auth/login",
			body: map[string]string{"login": "139 0000-0011", "password": testPassword}})
		checkSession("phone with spaces and dashes, localhost", r, false)

		// Unknown login, wrong password and a disabled user look the same.
		unknown := e.authLogin("nobody@test.example", testPassword)
		wrong := e.authLogin("factory@test.example", "not-the-password")
		authWant(t, "unknown login", unknown, 401, "invalid_credentials")
		authWant(t, "wrong password", wrong, 401, "invalid_credentials")
		if !bytes.Equal(unknown.body, wrong.body) {
			t.Errorf("unknown login and wrong password differ:\n%s\n%s", unknown.body, wrong.body)
		}
		if _, ck := wrong.cookie(refreshCookie); ck != nil && ck.Value != "" {
			t.Errorf("failed login set a refresh cookie")
		}
		inactive := false
		if _, err := e.store.UpdateUser(context.Background(), e.users["factory2"].ID, models.UserPatch{Active: &inactive}); err != nil {
			t.Fatal(err)
		}
		disabled := e.authLogin("factory2@test.example", testPassword)
		authWant(t, "disabled user", disabled, 401, "invalid_credentials")
		if !bytes.Equal(disabled.body, wrong.body) {
			t.Errorf("disabled user and wrong password differ:\n%s\n%s", disabled.body, wrong.body)
		}

		bad := []struct {
			name   string
			body   any
			status int
			code   string
			fields []string
		}{
			{"empty object", map[string]any{}, 422, "validation_failed", []string{"login", "password"}},
			{"blank login", map[string]string{"login": "   ", "password": testPassword}, 422, "validation_failed", []string{"login"}},
			{"no password", map[string]string{"login": "factory@test.example"}, 422, "validation_failed", []string{"password"}},
			{"login not a string", `{"login": 5, "password": "x"}`, 422, "validation_failed", []string{"login"}},
			{"malformed JSON", `{"login": "factory@test.example", "password":`, 400, "invalid_json", nil},
			{"trailing data", `{"login":"a@b.c","password":"x"} {}`, 400, "invalid_json", nil},
			{"empty body", "", 400, "invalid_json", nil},
		}
		for _, row := range bad {
			r := e.do(req{method: "POST", path: "/api/v1/auth/login", body: row.body,
				headers: map[string]string{"Content-Type": "application/json"}})
			if r.status != row.status {
				t.Errorf("%s: status %d, want %d: %s", row.name, r.status, row.status, r.body)
				continue
			}
			if code := r.errorCode(t); code != row.code {
				t.Errorf("%s: code %q, want %q", row.name, code, row.code)
			}
			fields, _ := r.json(t)["error"].(map[string]any)["fields"].(map[string]any)
			if len(fields) != len(row.fields) {
				t.Errorf("%s: fields %v, want %v", row.name, fields, row.fields)
			}
			for _, f := range row.fields {
				if _, ok := fields[f]; !ok {
					t.Errorf("%s: no problem reported for %s: %s", row.name, f, r.body)
				}
			}
		}
	})
}

// ---- 3. login rate limits

func TestLoginRateLimitPerLogin(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *models.DB) {
		e := newEnv(t, db)
		for i := range maxFailsLogin {
			if i > 0 {
				e.clock.Advance(10 * time.Second)
			}
			// The login is normalised before counting: case does not matter.
			login := "merch@test.example"
			if i%2 == 1 {
				login = "MERCH@test.example"
			}
			authWant(t, fmt.Sprintf("failure %d", i+1), e.authLogin(login, "wrong-password-"+strconv.Itoa(i)), 401, "invalid_credentials")
		}
		// 100.5 s after the first failure: real clocks are not on whole seconds.
		e.clock.Advance(10*time.Second + 500*time.Millisecond)

		r := e.authLogin("merch@test.example", testPassword)
		authWant(t, "11th attempt, right password", r, 429, "too_many_attempts")
		ra, err := strconv.Atoi(r.header.Get("Retry-After"))
		if err != nil || ra <= 0 || ra > 900 {
			t.Fatalf("Retry-After %q, want 1..900", r.header.Get("Retry-After"))
		}
		// The limit is per login: another user from the same IP signs in.
		if r := e.authLogin("admin@test.example", testPassword); r.status != 200 {
			t.Fatalf("another login from the same IP: %d %s", r.status, r.body)
		}

		// Half a second before the first failure is 15 minutes old, the
		// limit still holds; Retry-After must not have promised otherwise.
		stillLimited := 799 * time.Second
		e.clock.Advance(stillLimited)
		authWant(t, "just inside the window", e.authLogin("merch@test.example", testPassword), 429, "too_many_attempts")
		if wait := time.Duration(ra) * time.Second; wait <= stillLimited {
			t.Fatalf("Retry-After %d s, but still refused %v later", ra, stillLimited)
		}
		// Waiting as long as Retry-After said (at most 15 minutes) lets the user in.
		e.clock.Advance(time.Duration(ra)*time.Second - stillLimited)
		if r := e.authLogin("merch@test.example", testPassword); r.status != 200 {
			t.Fatalf("after waiting Retry-After (%d s): %d %s", ra, r.status, r.body)
		}
	})
}

func TestLoginRateLimitPerIP(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *models.DB) {
		e := newEnv(t, db)
		ctx := context.Background()
		fail := func(login string) {
			t.Helper()
			authWant(t, "failure for "+login, e.authLogin(login, "wrong-password"), 401, "invalid_credentials")
		}
		// A real failure shows which IP app.Test's requests come from.
		fail("nobody@test.example")
		ev, err := e.store.ListAudit(ctx, models.AuditLoginFailed, 10)
		if err != nil || len(ev) != 1 || ev[0].IP == "" || ev[0].Subject != "nobody@test.example" {
			t.Fatalf("failed-login audit: %+v, %v", ev, err)
		}
		ip := ev[0].IP
		// Each failed login costs a password hash, so most of the 50 are
		// recorded as the login handler records them, each for another login.
		for i := range maxFailsPerIP - 6 {
			if err := e.store.RecordAudit(ctx, models.AuditEvent{Action: models.AuditLoginFailed,
				Subject: fmt.Sprintf("nobody%d@test.example", i), IP: ip}); err != nil {
				t.Fatal(err)
			}
			if i%10 == 0 {
				e.clock.Advance(time.Second)
			}
		}
		// 45 so far; five more real ones, for real users and unknown logins,
		// none near its own per-login limit. The 50th is still answered 401.
		for _, login := range []string{"merch@test.example", "13900000011", "foreign@test.example", "nobody@test.example", "FACTORY@test.example"} {
			fail(login)
		}

		// admin has never failed, but the IP has: refused.
		r := e.authLogin("admin@test.example", testPassword)
		authWant(t, "login after 50 failures from the IP", r, 429, "too_many_attempts")
		if ra, err := strconv.Atoi(r.header.Get("Retry-After")); err != nil || ra <= 0 || ra > 900 {
			t.Fatalf("Retry-After %q, want 1..900", r.header.Get("Retry-After"))
		}
		e.clock.Advance(loginWindow + time.Second)
		if r := e.authLogin("admin@test.example", testPassword); r.status != 200 {
			t.Fatalf("after the window: %d %s", r.status, r.body)
		}
	})
}

// ---- 4. refresh, reuse detection, grace, logout

func TestRefreshRotatesAndDetectsReuse(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *models.DB) {
		e := newEnv(t, db)
		at0, c0 := e.authSession("factory")
		e.clock.Advance(time.Second)

		r := e.authRefresh(c0)
		authWant(t, "refresh", r, 200, "")
		m := r.json(t)
		at1, _ := m["access_token"].(string)
		if at1 == "" || at1 == at0 || m["token_type"] != "Bearer" || m["expires_in"] != float64(900) {
			t.Fatalf("refresh body: %s", r.body)
		}
		if u, _ := m["user"].(map[string]any); u["id"] != float64(e.users["factory"].ID) {
			t.Fatalf("refresh answered for user %v", u["id"])
		}
		authWant(t, "new access token", e.authMe(at1), 200, "")
		c1, ck := r.cookie(refreshCookie)
		if ck == nil || c1 == c0 || !strings.HasPrefix(c1, "rt1.") {
			t.Fatalf("refresh cookie %q (old %q)", c1, c0)
		}
		if !ck.HttpOnly || ck.SameSite != http.SameSiteStrictMode || ck.Path != refreshPath {
			t.Errorf("rotated cookie attributes: %+v", ck)
		}

		r = e.authRefresh(c1)
		authWant(t, "refresh with the successor", r, 200, "")
		c2, _ := r.cookie(refreshCookie)
		if c2 == "" || c2 == c1 || c2 == c0 {
			t.Fatalf("second rotation cookie %q", c2)
		}

		// The first token again, after the grace window: theft assumed.
		e.clock.Advance(models.RefreshGrace + time.Second)
		r = e.authRefresh(c0)
		authWant(t, "reused refresh token", r, 401, "refresh_token_reused")
		if v, ck := r.cookie(refreshCookie); ck == nil || v != "" {
			t.Errorf("reuse answer does not clear the cookie: %v", r.header.Values("Set-Cookie"))
		}
		// The whole family is gone, the newest token included.
		authWant(t, "newest token of a revoked family", e.authRefresh(c2), 401, "")
		authWant(t, "middle token of a revoked family", e.authRefresh(c1), 401, "")
		ev, err := e.store.ListAudit(context.Background(), models.AuditTokenReuse, 10)
		if err != nil || len(ev) != 1 {
			t.Errorf("reuse audit events: %d, %v", len(ev), err)
		}

		// Another family of the same user is untouched.
		other := e.authRefreshToken("factory")
		authWant(t, "another family", e.authRefresh(other), 200, "")

		authWant(t, "no cookie", e.do(req{method: "POST", path: "/api/v1/auth/refresh"}), 401, "invalid_refresh_token")
		authWant(t, "unknown cookie", e.authRefresh("rt1.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"), 401, "invalid_refresh_token")
		authWant(t, "access token as refresh cookie", e.authRefresh(at1), 401, "invalid_refresh_token")

		// A refresh token does not outlive its TTL.
		old := e.authRefreshToken("factory")
		e.clock.Advance(models.RefreshTTL + time.Second)
		authWant(t, "expired refresh token", e.authRefresh(old), 401, "invalid_refresh_token")
	})
}

func TestRefreshGraceWindow(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *models.DB) {
		e := newEnv(t, db)

		// Sequential twins within the window get the same successor.
		c0 := e.authRefreshToken("factory")
		r := e.authRefresh(c0)
		authWant(t, "first refresh", r, 200, "")
		c1, _ := r.cookie(refreshCookie)
		e.clock.Advance(models.RefreshGrace - time.Second)
		r = e.authRefresh(c0)
		authWant(t, "twin within the grace window", r, 200, "")
		if twin, _ := r.cookie(refreshCookie); twin != c1 {
			t.Fatalf("twin got %q, want the same successor %q", twin, c1)
		}
		// The successor still works, and once it is spent the grace window
		// no longer hands it out: that is reuse.
		r = e.authRefresh(c1)
		authWant(t, "successor after the twin", r, 200, "")
		c2, _ := r.cookie(refreshCookie)
		authWant(t, "old token after its successor was spent", e.authRefresh(c0), 401, "refresh_token_reused")
		authWant(t, "family revoked", e.authRefresh(c2), 401, "")

		// Concurrent twins: both succeed with the same successor.
		for round := range 5 {
			raw := e.authRefreshToken("factory2")
			start := make(chan struct{})
			var wg sync.WaitGroup
			res := make([]*response, 2)
			errs := make([]error, 2)
			for i := range 2 {
				wg.Add(1)
				go func() {
					defer wg.Done()
					<-start
					res[i], errs[i] = e.authTry(req{method: "POST", path: "/api/v1/auth/refresh", headers: authCookieHeader(raw)})
				}()
			}
			close(start)
			wg.Wait()
			var got [2]string
			for i := range 2 {
				if errs[i] != nil {
					t.Fatalf("round %d: %v", round, errs[i])
				}
				if res[i].status != 200 {
					t.Fatalf("round %d: concurrent refresh %d: %d %s", round, i, res[i].status, res[i].body)
				}
				got[i], _ = res[i].cookie(refreshCookie)
			}
			if got[0] == "" || got[0] != got[1] || got[0] == raw {
				t.Fatalf("round %d: concurrent refreshes returned %q and %q", round, got[0], got[1])
			}
			authWant(t, "successor of concurrent twins", e.authRefresh(got[0]), 200, "")
		}
	})
}

func TestLogout(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *models.DB) {
		e := newEnv(t, db)
		c0 := e.authRefreshToken("factory")
		r := e.authRefresh(c0)
		authWant(t, "refresh", r, 200, "")
		c1, _ := r.cookie(refreshCookie)

		r = e.do(req{method: "POST", path: "/api/v1/auth/logout", headers: authCookieHeader(c1)})
		authWant(t, "logout", r, 204, "")
		if csd := r.header.Get("Clear-Site-Data"); csd != `"cache"` {
			t.Errorf("logout Clear-Site-Data %q, want \"cache\" (the HTTP cache holds private order reads)", csd)
		}
		v, ck := r.cookie(refreshCookie)
		if ck == nil || v != "" || ck.Path != refreshPath {
			t.Fatalf("logout does not clear the cookie: %v", r.header.Values("Set-Cookie"))
		}
		if ck.MaxAge >= 0 && !ck.Expires.Before(e.clock.Now()) {
			t.Errorf("cleared cookie neither expired nor max-age<0: %v", r.header.Values("Set-Cookie"))
		}
		authWant(t, "refresh after logout", e.authRefresh(c1), 401, "invalid_refresh_token")
		// Even the previous token within its grace window: the family is closed.
		authWant(t, "previous token after logout", e.authRefresh(c0), 401, "")

		// Logging out again, or with no cookie, is fine.
		authWant(t, "second logout", e.do(req{method: "POST", path: "/api/v1/auth/logout", headers: authCookieHeader(c1)}), 204, "")
		authWant(t, "logout without cookie", e.do(req{method: "POST", path: "/api/v1/auth/logout"}), 204, "")
	})
}

// ---- 5. revocation takes effect on the next request

func TestDisablingUserRevokesSessionsAtOnce(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *models.DB) {
		e := newEnv(t, db)
		at, rt := e.authSession("factory")
		authWant(t, "before", e.authMe(at), 200, "")
		bystander := e.token("factory2")
		path := fmt.Sprintf("/api/v1/users/%d", e.users["factory"].ID)

		r := e.as("admin", "PATCH", path, map[string]any{"active": false})
		authWant(t, "disable", r, 200, "")
		if r.json(t)["active"] != false {
			t.Fatalf("disable answer: %s", r.body)
		}
		authWant(t, "access token of a disabled user", e.authMe(at), 401, "session_revoked")
		authWant(t, "refresh token of a disabled user", e.authRefresh(rt), 401, "")
		authWant(t, "another user of the same supplier", e.authMe(bystander), 200, "")

		// Enabling the account again does not revive the old session.
		authWant(t, "enable", e.as("admin", "PATCH", path, map[string]any{"active": true}), 200, "")
		authWant(t, "old access token after re-enabling", e.authMe(at), 401, "")
		authWant(t, "old refresh token after re-enabling", e.authRefresh(rt), 401, "")
		authWant(t, "a new token after re-enabling", e.authMe(e.token("factory")), 200, "")
	})
}

func TestPasswordChangeRevokesSessions(t *testing.T) {
	const newPassword = "plum-blossom-lantern-42"
	testdb.Each(t, func(t *testing.T, db *models.DB) {
		e := newEnv(t, db)
		at := e.token("merch")
		rt := e.authRefreshToken("merch")
		authWant(t, "before", e.authMe(at), 200, "")

		r := e.do(req{method: "PATCH", path: "/api/v1/me", token: at,
			body: map[string]string{"current_password": testPassword, "new_password": newPassword}})
		authWant(t, "change password", r, 200, "")
		m := r.json(t)
		nat, _ := m["access_token"].(string)
		if nat == "" || m["token_type"] != "Bearer" || m["expires_in"] != float64(900) {
			t.Fatalf("password change answer: %s", r.body)
		}
		nrt, _ := r.cookie(refreshCookie)
		if nrt == "" || nrt == rt {
			t.Fatalf("password change sets refresh cookie %q", nrt)
		}

		authWant(t, "old access token", e.authMe(at), 401, "session_revoked")
		authWant(t, "old refresh token", e.authRefresh(rt), 401, "")
		authWant(t, "new access token", e.authMe(nat), 200, "")
		authWant(t, "new refresh token", e.authRefresh(nrt), 200, "")

		authWant(t, "login with the old password", e.authLogin("merch@test.example", testPassword), 401, "invalid_credentials")
		authWant(t, "login with the new password", e.authLogin("merch@test.example", newPassword), 200, "")
	})
}

func TestPasswordChangeNeedsCurrentPassword(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *models.DB) {
		e := newEnv(t, db)
		ctx := context.Background()
		id := e.users["factory2"].ID
		at := e.token("factory2")
		rt := e.authRefreshToken("factory2")
		before, err := e.store.GetUser(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		rows := []struct {
			name  string
			body  map[string]string
			field string
		}{
			{"wrong current password", map[string]string{"name": "改了名字", "current_password": "not-my-password",
				"new_password": "plum-blossom-lantern-42"}, "current_password"},
			{"no current password", map[string]string{"new_password": "plum-blossom-lantern-42"}, "current_password"},
			{"right current password, weak new one", map[string]string{"name": "改了名字", "current_password": testPassword,
				"new_password": "short"}, "new_password"},
		}
		for _, row := range rows {
			r := e.do(req{method: "PATCH", path: "/api/v1/me", token: at, body: row.body})
			authWant(t, row.name, r, 422, "validation_failed")
			if row.field != "" {
				if _, ok := r.json(t)["error"].(map[string]any)["fields"].(map[string]any)[row.field]; !ok {
					t.Errorf("%s: no problem reported for %s: %s", row.name, row.field, r.body)
				}
			}
		}

		after, err := e.store.GetUser(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		if after.PasswordHash != before.PasswordHash || after.TokenVersion != before.TokenVersion || after.Name != before.Name {
			t.Errorf("a rejected change changed the user: name %q→%q, version %d→%d, hash changed %v",
				before.Name, after.Name, before.TokenVersion, after.TokenVersion, after.PasswordHash != before.PasswordHash)
		}
		authWant(t, "access token after rejected changes", e.authMe(at), 200, "")
		authWant(t, "refresh token after rejected changes", e.authRefresh(rt), 200, "")
		authWant(t, "login with the unchanged password", e.authLogin("factory2@test.example", testPassword), 200, "")
	})
}

// ---- 6. mass assignment on /me

func TestPatchMeIgnoresProtectedFields(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *models.DB) {
		e := newEnv(t, db)
		ctx := context.Background()
		id := e.users["factory"].ID
		tok := e.token("factory")
		before, err := e.store.GetUser(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		foreignSupplier := e.suppliers["huaxing"].ID

		r := e.do(req{method: "PATCH", path: "/api/v1/me", token: tok, body: map[string]any{
			"role": "admin", "supplier_id": foreignSupplier, "active": false, "email": "x@y.z", "name": "新名字",
			"phone": "+8612345678", "token_version": 42, "id": e.users["admin"].ID, "password_hash": "x",
		}})
		authWant(t, "patch /me", r, 200, "")
		m := r.json(t)
		if m["name"] != "新名字" || m["role"] != "factory" || m["supplier_id"] != float64(e.suppliers["jinling"].ID) ||
			m["email"] != "factory@test.example" || m["active"] != true || m["id"] != float64(id) {
			t.Errorf("patch /me answer: %s", r.body)
		}

		after, err := e.store.GetUser(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		if after.Name != "新名字" {
			t.Errorf("name %q, want 新名字", after.Name)
		}
		if after.Role != before.Role || after.SupplierID == nil || *after.SupplierID != *before.SupplierID ||
			after.Email != before.Email || after.Active != before.Active || *after.Phone != *before.Phone ||
			after.TokenVersion != before.TokenVersion || after.PasswordHash != before.PasswordHash {
			t.Errorf("protected fields changed: before %+v, after %+v", before, after)
		}
		admin, err := e.store.GetUser(ctx, e.users["admin"].ID)
		if err != nil || admin.Name != e.users["admin"].Name {
			t.Errorf("admin changed: %+v %v", admin, err)
		}
		// Still the same, still signed-in factory user.
		authWant(t, "token after patch", e.authMe(tok), 200, "")
		authWant(t, "admin route after patch", e.do(req{method: "GET", path: "/api/v1/users", token: tok}), 403, "forbidden")

		// An unsupported locale is refused, and so is the rest of that patch.
		r = e.do(req{method: "PATCH", path: "/api/v1/me", token: tok, body: map[string]string{"locale": "fr", "name": "别的名字"}})
		authWant(t, "locale fr", r, 422, "validation_failed")
		if _, ok := r.json(t)["error"].(map[string]any)["fields"].(map[string]any)["locale"]; !ok {
			t.Errorf("locale fr: no locale field: %s", r.body)
		}
		if u, _ := e.store.GetUser(ctx, id); u.Name != "新名字" || u.Locale != models.LocaleZH {
			t.Errorf("rejected patch changed name %q / locale %q", u.Name, u.Locale)
		}
		// A supported one is taken.
		authWant(t, "locale en", e.do(req{method: "PATCH", path: "/api/v1/me", token: tok, body: map[string]string{"locale": "en"}}), 200, "")
		if u, _ := e.store.GetUser(ctx, id); u.Locale != models.LocaleEN {
			t.Errorf("locale %q, want en", u.Locale)
		}
	})
}

// TestRememberedTokensStillExpire: a token verified once is remembered
// (tokens.go), but a remembered token stops working when it expires, and
// a remembered token of a disabled user stops at once.
func TestRememberedTokensStillExpire(t *testing.T) {
	e := newEnv(t, testdb.SQLite(t))
	tok := e.token("factory")
	get := func() int {
		return e.do(req{method: "GET", path: "/api/v1/orders", headers: map[string]string{"Authorization": "Bearer " + tok}}).status
	}
	if s := get(); s != 200 {
		t.Fatalf("fresh token: %d", s)
	}
	if _, _, err := e.srv.tokens.Verify(tok); err != nil {
		t.Fatal(err)
	}
	e.clock.Advance(AccessTokenTTL - time.Second)
	if s := get(); s != 200 {
		t.Fatalf("remembered token before expiry: %d", s)
	}
	e.clock.Advance(time.Second + tokenLeeway)
	if s := get(); s != 401 {
		t.Fatalf("remembered token after expiry: %d, want 401", s)
	}
	tok = e.token("factory")
	if s := get(); s != 200 {
		t.Fatalf("new token: %d", s)
	}
	if err := e.store.Gorm().Model(&models.User{}).Where("id = ?", e.users["factory"].ID).Update("active", false).Error; err != nil {
		t.Fatal(err)
	}
	if s := get(); s != 401 {
		t.Fatalf("remembered token of a disabled user: %d, want 401", s)
	}
}
