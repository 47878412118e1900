package webpush_test

import (
	"bytes"
	"context"
	"crypto/ecdh"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math/big"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"gendan/notify"
	"gendan/notify/pushtest"
	"gendan/notify/webpush"
)

// The push service is played by a local TLS server: the sink records each
// request and answers with a fixed status.

type captured struct {
	path   string
	header http.Header
	body   []byte
}

type sink struct {
	srv  *httptest.Server
	reqs chan captured
}

func newSink(t *testing.T, status int) *sink {
	t.Helper()
	s := &sink{reqs: make(chan captured, 16)}
	s.srv = httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		if r.Method != http.MethodPost {
			t.Errorf("push service got %s, want POST", r.Method)
		}
		s.reqs <- captured{path: r.URL.Path, header: r.Header.Clone(), body: body}
		w.WriteHeader(status)
	}))
	t.Cleanup(s.srv.Close)
	return s
}

func (s *sink) one(t *testing.T) captured {
	t.Helper()
	select {
	case c := <-s.reqs:
		return c
	default:
		t.Fatal("the push service received nothing")
		return captured{}
	}
}

func (s *sink) none(t *testing.T) {
	t.Helper()
	select {
	case <-s.reqs:
		t.Fatal("the push service received a request; want none")
	default:
	}
}

// browser is the subscription's side: its P-256 key pair and auth secret.
type browser struct{ *pushtest.Browser }

func newBrowser(t *testing.T) browser { return browser{pushtest.NewBrowser(t)} }

// endpointToken stands for the capability in a real endpoint's path; no
// error may repeat it.
const endpointToken = "cap-7f3a9c1e5b"

func (b browser) subscription(endpoint string) webpush.Subscription {
	return b.Subscription(endpoint + "/push/" + endpointToken)
}

func newSender(t *testing.T, s *sink) *webpush.Sender {
	t.Helper()
	keys, err := webpush.GenerateKeys()
	if err != nil {
		t.Fatal(err)
	}
	return &webpush.Sender{Keys: keys, Subject: "mailto:ops@gendan.example", Client: s.srv.Client(), TTL: 90 * time.Minute}
}

var message = notify.Message{
	ID:    "send-42",
	Kind:  "sample_submitted",
	Lang:  "zh-CN",
	Title: "样品已提交：订单 PO-2026-118",
	Body:  "东莞工厂提交了第二次产前样。\n请在 48 小时内审核。",
	URL:   "https://gendan.example/orders/12",
}

// wantJSON is the payload the service worker must receive, in field order.
func wantJSON(t *testing.T, m notify.Message) []byte {
	t.Helper()
	b, err := json.Marshal(struct {
		ID    string `json:"id"`
		Kind  string `json:"kind"`
		Lang  string `json:"lang"`
		Title string `json:"title"`
		Body  string `json:"body"`
		URL   string `json:"url"`
	}{m.ID, m.Kind, m.Lang, m.Title, m.Body, m.URL})
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// The decrypter above against RFC 8291 Appendix A, so the round trip below
// cannot pass on a mistake shared by both sides.
func TestDecryptRFC8291Example(t *testing.T) {
	b64 := func(s string) []byte {
		b, err := base64.RawURLEncoding.DecodeString(s)
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	priv, err := ecdh.P256().NewPrivateKey(b64("q1dXpw3UpT5VOmu_cf_v6ih07Aems3njxI-JWgLcM94"))
	if err != nil {
		t.Fatal(err)
	}
	body := b64("DGv6ra1nlYgDCS1FRnbzlwAAEABBBP4z9KsN6nGRTbVYI_c7VJSPQTBtkgcy27mlmlMoZIIgDll6e3vCYLocInmYWAmS6TlzAC8wEqKK6PBru3jl7A_yl95bQpu6cVPTpK4Mqgkf1CXztLVBSt2Ks3oZwbuwXPXLWyouBWLVWGNWQexSgSxsj_Qulcy4a-fN")
	got, err := pushtest.Decrypt(body, priv, b64("BTBZMqHH6r4Tts7J_aSIgg"))
	if err != nil {
		t.Fatal(err)
	}
	if want := "When I grow up, I want to be a watermelon"; string(got) != want {
		t.Fatalf("decrypted %q, want %q", got, want)
	}
}

// claims is what a push service reads from the VAPID JWT (RFC 8292 §2).
type claims struct {
	Aud string `json:"aud"`
	Sub string `json:"sub"`
	Exp int64  `json:"exp"`
}

// verifyVAPID checks the Authorization header as a push service would: the
// key in k= must match the sender's, and the ES256 JWT in t= must verify
// with it.
func verifyVAPID(t *testing.T, header string, public string) claims {
	t.Helper()
	m := regexp.MustCompile(`^vapid t=([A-Za-z0-9_.-]+), k=([A-Za-z0-9_-]+)$`).FindStringSubmatch(header)
	if m == nil {
		t.Fatalf("Authorization %q is not vapid t=…, k=…", header)
	}
	k, err := base64.RawURLEncoding.DecodeString(m[2])
	if err != nil {
		t.Fatal(err)
	}
	want, err := base64.RawURLEncoding.DecodeString(strings.TrimRight(public, "="))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(k, want) {
		t.Fatal("k= is not the sender's VAPID public key")
	}
	pub, err := ecdsa.ParseUncompressedPublicKey(elliptic.P256(), k)
	if err != nil {
		t.Fatal(err)
	}

	parts := strings.Split(m[1], ".")
	if len(parts) != 3 {
		t.Fatalf("JWT has %d parts", len(parts))
	}
	var head struct{ Alg string }
	if err := json.Unmarshal(b64url(t, parts[0]), &head); err != nil || head.Alg != "ES256" {
		t.Fatalf("JWT header alg %q (%v), want ES256", head.Alg, err)
	}
	sig := b64url(t, parts[2])
	if len(sig) != 64 {
		t.Fatalf("ES256 signature is %d bytes, want 64", len(sig))
	}
	digest := sha256.Sum256([]byte(parts[0] + "." + parts[1]))
	r, s := new(big.Int).SetBytes(sig[:32]), new(big.Int).SetBytes(sig[32:])
	if !ecdsa.Verify(pub, digest[:], r, s) {
		t.Fatal("the VAPID JWT does not verify with the public key")
	}
	var c claims
	if err := json.Unmarshal(b64url(t, parts[1]), &c); err != nil {
		t.Fatal(err)
	}
	return c
}

func b64url(t *testing.T, s string) []byte {
	t.Helper()
	b, err := base64.RawURLEncoding.DecodeString(s)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestSendDecryptsWithTheSubscriptionKeys(t *testing.T) {
	s := newSink(t, http.StatusCreated)
	br := newBrowser(t)
	sender := newSender(t, s)

	if err := sender.Send(context.Background(), br.subscription(s.srv.URL), message); err != nil {
		t.Fatalf("Send: %v", err)
	}
	req := s.one(t)

	if req.path != "/push/"+endpointToken {
		t.Errorf("posted to %q", req.path)
	}
	for name, want := range map[string]string{
		"Content-Encoding": "aes128gcm",
		"Content-Type":     "application/octet-stream",
		"Ttl":              "5400",
		"Urgency":          "normal",
		"Topic":            "send-42",
	} {
		if got := req.header.Get(name); got != want {
			t.Errorf("%s: %q, want %q", name, got, want)
		}
	}

	got, err := pushtest.Decrypt(req.body, br.Priv, br.Auth)
	if err != nil {
		t.Fatalf("decrypt: %v", err)
	}
	if want := wantJSON(t, message); !bytes.Equal(got, want) {
		t.Fatalf("payload\n got %s\nwant %s", got, want)
	}
	if len(req.body) > 4096 {
		t.Errorf("body is %d bytes, more than a push service takes", len(req.body))
	}

	// Only this subscription can read it.
	other := newBrowser(t)
	if _, err := pushtest.Decrypt(req.body, br.Priv, other.Auth); err == nil {
		t.Error("decrypted with another auth secret")
	}
	if _, err := pushtest.Decrypt(req.body, other.Priv, br.Auth); err == nil {
		t.Error("decrypted with another private key")
	}

	c := verifyVAPID(t, req.header.Get("Authorization"), sender.Keys.Public)
	if c.Aud != s.srv.URL { // scheme://host:port, no path
		t.Errorf("aud %q, want %q", c.Aud, s.srv.URL)
	}
	if c.Sub != sender.Subject {
		t.Errorf("sub %q, want %q", c.Sub, sender.Subject)
	}
	now := time.Now().Unix()
	if c.Exp <= now || c.Exp > now+24*3600 {
		t.Errorf("exp %d is not within 24 h of now %d", c.Exp, now)
	}
}

func TestSubjectAndTTLAsConfigured(t *testing.T) {
	for _, tc := range []struct {
		subject string
		ttl     time.Duration
		wantTTL string
	}{
		{"mailto:ops@gendan.example", 0, "86400"}, // zero means the default day
		{"https://gendan.example/contact", time.Hour, "3600"},
		{"mailto:ops@gendan.example", 1500 * time.Millisecond, "2"}, // rounds up, never to 0
	} {
		t.Run(tc.subject+"/"+tc.wantTTL, func(t *testing.T) {
			s := newSink(t, http.StatusCreated)
			sender := newSender(t, s)
			sender.Subject, sender.TTL = tc.subject, tc.ttl
			if err := sender.Send(context.Background(), newBrowser(t).subscription(s.srv.URL), message); err != nil {
				t.Fatal(err)
			}
			req := s.one(t)
			if got := req.header.Get("TTL"); got != tc.wantTTL {
				t.Errorf("TTL %q, want %q", got, tc.wantTTL)
			}
			if c := verifyVAPID(t, req.header.Get("Authorization"), sender.Keys.Public); c.Sub != tc.subject {
				t.Errorf("sub %q, want %q", c.Sub, tc.subject)
			}
		})
	}
}

func TestTopicIsURLSafe(t *testing.T) {
	s := newSink(t, http.StatusCreated)
	m := message
	m.ID = "发送/an id much longer than thirty-two characters"
	if err := newSender(t, s).Send(context.Background(), newBrowser(t).subscription(s.srv.URL), m); err != nil {
		t.Fatal(err)
	}
	// RFC 8030 §5.4: at most 32 characters of the base64url alphabet.
	if got := s.one(t).header.Get("Topic"); !regexp.MustCompile(`^[A-Za-z0-9_-]{1,32}$`).MatchString(got) {
		t.Errorf("Topic %q is not 1..32 base64url characters", got)
	}
}

func TestLongBodyIsShortened(t *testing.T) {
	s := newSink(t, http.StatusCreated)
	br := newBrowser(t)
	m := message
	m.Body = strings.Repeat("第 3 批次验货不合格，\"AQL 2.5\" <主要缺陷> & 次要缺陷。\n", 150)

	if err := newSender(t, s).Send(context.Background(), br.subscription(s.srv.URL), m); err != nil {
		t.Fatal(err)
	}
	plain, err := pushtest.Decrypt(s.one(t).body, br.Priv, br.Auth)
	if err != nil {
		t.Fatal(err)
	}
	if len(plain) > 3000 {
		t.Errorf("payload is %d bytes, want at most 3000", len(plain))
	}
	if len(plain) < 2500 {
		t.Errorf("payload is %d bytes: shortened more than needed", len(plain))
	}
	var got struct{ ID, Kind, Title, Body, URL string }
	if err := json.Unmarshal(plain, &got); err != nil {
		t.Fatalf("payload is not JSON: %v", err)
	}
	if got.ID != m.ID || got.Kind != m.Kind || got.Title != m.Title || got.URL != m.URL {
		t.Errorf("fields other than the body changed: %+v", got)
	}
	cut, ok := strings.CutSuffix(got.Body, "…")
	if !ok || !utf8.ValidString(got.Body) || !strings.HasPrefix(m.Body, cut) || len(cut) == 0 {
		t.Errorf("body is not a prefix of the original marked with …: %q", got.Body)
	}
}

func TestResponses(t *testing.T) {
	for _, tc := range []struct {
		status          int
		permanent, gone bool
		ok              bool
	}{
		{status: 201, ok: true},
		{status: 200, ok: true},
		{status: 202, ok: true},
		{status: 410, permanent: true, gone: true},
		{status: 404, permanent: true, gone: true},
		{status: 400, permanent: true},
		{status: 403, permanent: true},
		{status: 413, permanent: true},
		{status: 429},
		{status: 500},
		{status: 503},
	} {
		t.Run(fmt.Sprint(tc.status), func(t *testing.T) {
			s := newSink(t, tc.status)
			err := newSender(t, s).Send(context.Background(), newBrowser(t).subscription(s.srv.URL), message)
			s.one(t)
			if tc.ok {
				if err != nil {
					t.Fatalf("Send: %v, want nil", err)
				}
				return
			}
			if err == nil {
				t.Fatal("Send: nil, want an error")
			}
			checkError(t, err, tc.permanent, tc.gone)
		})
	}
}

// checkError checks an error's kind, and that it does not carry the
// endpoint's path (the capability); a dial error may name the host.
func checkError(t *testing.T, err error, permanent, gone bool) {
	t.Helper()
	var p *notify.Permanent
	if got := errors.As(err, &p); got != permanent {
		t.Errorf("%v: permanent %v, want %v", err, got, permanent)
	} else if got && p.Gone != gone {
		t.Errorf("%v: gone %v, want %v", err, p.Gone, gone)
	}
	if strings.Contains(err.Error(), endpointToken) {
		t.Errorf("error names the endpoint: %v", err)
	}
}

func TestHangingPushServiceTimesOut(t *testing.T) {
	release := make(chan struct{})
	srv := httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-r.Context().Done():
		case <-release:
		}
	}))
	t.Cleanup(srv.Close)
	t.Cleanup(func() { close(release) }) // runs first: lets srv.Close return

	keys, err := webpush.GenerateKeys()
	if err != nil {
		t.Fatal(err)
	}
	sender := &webpush.Sender{Keys: keys, Subject: "mailto:ops@gendan.example", Client: srv.Client()}
	ctx, cancel := context.WithTimeout(context.Background(), 300*time.Millisecond)
	defer cancel()
	start := time.Now()
	err = sender.Send(ctx, newBrowser(t).subscription(srv.URL), message)
	if d := time.Since(start); d > 3*time.Second {
		t.Errorf("Send took %v after a 300ms deadline", d)
	}
	if err == nil {
		t.Fatal("Send: nil against a hanging push service")
	}
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("%v: want context.DeadlineExceeded in the chain", err)
	}
	checkError(t, err, false, false)
}

func TestUnreachablePushServiceIsTemporary(t *testing.T) {
	s := newSink(t, http.StatusCreated)
	sender := newSender(t, s)
	sub := newBrowser(t).subscription(s.srv.URL)
	s.srv.Close()
	err := sender.Send(context.Background(), sub, message)
	if err == nil {
		t.Fatal("Send: nil to a closed port")
	}
	checkError(t, err, false, false)
}

func TestRedirectIsNotFollowed(t *testing.T) {
	target := newSink(t, http.StatusCreated)
	srv := httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, target.srv.URL+"/elsewhere", http.StatusTemporaryRedirect)
	}))
	t.Cleanup(srv.Close)
	sender := newSender(t, target) // target's client trusts both test servers' certificate
	err := sender.Send(context.Background(), newBrowser(t).subscription(srv.URL), message)
	checkError(t, err, true, false)
	target.none(t)
}

func TestBadSubscriptionOrKeysArePermanent(t *testing.T) {
	s := newSink(t, http.StatusCreated)
	br := newBrowser(t)
	good := br.subscription(s.srv.URL)
	other, err := webpush.GenerateKeys()
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name   string
		change func(*webpush.Sender, *webpush.Subscription)
	}{
		{"plain http endpoint", func(_ *webpush.Sender, sub *webpush.Subscription) {
			sub.Endpoint = strings.Replace(sub.Endpoint, "https:", "http:", 1)
		}},
		{"p256dh not a point", func(_ *webpush.Sender, sub *webpush.Subscription) {
			sub.P256dh = base64.RawURLEncoding.EncodeToString(make([]byte, 65))
		}},
		{"p256dh not base64", func(_ *webpush.Sender, sub *webpush.Subscription) { sub.P256dh = "not base64!" }},
		{"auth too short", func(_ *webpush.Sender, sub *webpush.Subscription) {
			sub.Auth = base64.RawURLEncoding.EncodeToString(br.Auth[:8])
		}},
		{"public key of another pair", func(s *webpush.Sender, _ *webpush.Subscription) { s.Keys.Public = other.Public }},
		{"no private key", func(s *webpush.Sender, _ *webpush.Subscription) { s.Keys.Private = "" }},
		{"no subject", func(s *webpush.Sender, _ *webpush.Subscription) { s.Subject = "" }},
		{"bare address subject", func(s *webpush.Sender, _ *webpush.Subscription) { s.Subject = "ops@gendan.example" }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			sender, sub := newSender(t, s), good
			tc.change(sender, &sub)
			err := sender.Send(context.Background(), sub, message)
			checkError(t, err, true, false)
			for _, secret := range []string{sender.Keys.Private, sub.Auth, sub.P256dh} {
				if secret != "" && strings.Contains(err.Error(), secret) {
					t.Errorf("error names a key: %v", err)
				}
			}
			s.none(t)
		})
	}
}

func TestGenerateKeys(t *testing.T) {
	a, err := webpush.GenerateKeys()
	if err != nil {
		t.Fatal(err)
	}
	b, err := webpush.GenerateKeys()
	if err != nil {
		t.Fatal(err)
	}
	if a == b {
		t.Fatal("two key pairs are the same")
	}
	// Public is the applicationServerKey the PWA subscribes with.
	pub := b64url(t, a.Public)
	priv := b64url(t, a.Private)
	if len(pub) != 65 || pub[0] != 4 || len(priv) != 32 {
		t.Fatalf("public %d bytes, private %d bytes; want 65 (uncompressed) and 32", len(pub), len(priv))
	}
	k, err := ecdh.P256().NewPrivateKey(priv)
	if err != nil || !bytes.Equal(k.PublicKey().Bytes(), pub) {
		t.Fatalf("the public key is not the private key's (%v)", err)
	}

	s := newSink(t, http.StatusCreated)
	sender := &webpush.Sender{Keys: a, Subject: "mailto:ops@gendan.example", Client: s.srv.Client()}
	br := newBrowser(t)
	if err := sender.Send(context.Background(), br.subscription(s.srv.URL), message); err != nil {
		t.Fatal(err)
	}
	req := s.one(t)
	verifyVAPID(t, req.header.Get("Authorization"), a.Public)
	if _, err := pushtest.Decrypt(req.body, br.Priv, br.Auth); err != nil {
		t.Fatal(err)
	}
}

func TestKeysFromPrivate(t *testing.T) {
	k, err := webpush.GenerateKeys()
	if err != nil {
		t.Fatal(err)
	}
	got, err := webpush.KeysFromPrivate(k.Private)
	if err != nil || got != k {
		t.Fatalf("KeysFromPrivate = %+v, %v; want %+v", got, err, k)
	}
	for _, bad := range []string{"", "not base64!", "AAAA"} {
		if _, err := webpush.KeysFromPrivate(bad); err == nil {
			t.Errorf("KeysFromPrivate(%q) accepted", bad)
		}
	}
}
