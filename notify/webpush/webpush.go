// Package webpush is the Web Push channel (RFC 8030) of package notify: it
// encrypts a notify.Message for one browser subscription (RFC 8291,
// aes128gcm) and posts it to the subscription's push service with a VAPID
// signature (RFC 8292), using github.com/SherClockHolmes/webpush-go.
//
// The payload the service worker receives is JSON with the fields id, kind,
// lang, title, body and url, at most 3000 bytes (the body is shortened with
// "…" when the message is longer).
//
// Errors follow notify: a 404 or 410 from the push service is a
// *notify.Permanent with Gone set (the subscription must be deleted); a bad
// subscription, a bad configuration or any other 4xx but 429 is a
// *notify.Permanent; 429, 5xx, network errors and timeouts are plain errors
// the dispatcher retries. No error carries a key or the endpoint's URL (its
// path is a bearer capability for the browser); a network error may name the
// push service's host.
package webpush

import (
	"context"
	"crypto/ecdh"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"time"

	"gendan/notify"

	webpush "github.com/SherClockHolmes/webpush-go"
)

// Subscription is a browser's PushSubscription: its endpoint and the two
// keys from getKey("p256dh") and getKey("auth"), base64url as toJSON() gives
// them.
type Subscription struct{ Endpoint, P256dh, Auth string }

// Keys is the server's VAPID key pair, base64url as webpush-go uses it: Public
// is the uncompressed P-256 point (65 bytes, what the PWA passes as
// applicationServerKey), Private the 32-byte scalar. Generate it once and keep
// it like the JWT key: a new pair invalidates every existing subscription.
type Keys struct{ Public, Private string }

// GenerateKeys makes a new VAPID key pair.
func GenerateKeys() (Keys, error) {
	private, public, err := webpush.GenerateVAPIDKeys()
	if err != nil {
		return Keys{}, fmt.Errorf("webpush: generate keys: %w", err)
	}
	return Keys{Public: public, Private: private}, nil
}

// KeysFromPrivate completes a kept private key (base64url, 32 bytes) with
// its public key, so that only the private key need be configured.
func KeysFromPrivate(private string) (Keys, error) {
	priv, err := decodeKey(private)
	if err != nil {
		return Keys{}, errors.New("webpush: VAPID private key is not base64url")
	}
	key, err := ecdh.P256().NewPrivateKey(priv)
	if err != nil {
		return Keys{}, errors.New("webpush: VAPID private key is not a P-256 scalar")
	}
	return Keys{Public: base64.RawURLEncoding.EncodeToString(key.PublicKey().Bytes()), Private: private}, nil
}

// Sender sends messages to subscriptions. A nil Client means one with a 30 s
// timeout; ctx bounds every Send either way, and redirects are never
// followed. TTL is how long the push service keeps a message for an offline
// browser (zero means 24 h; it is sent in whole seconds, rounded up).
type Sender struct {
	Keys    Keys
	Subject string // mailto: or https: contact for the push service operator
	Client  *http.Client
	TTL     time.Duration
}

const (
	// maxPayload keeps the JSON well under the 4 KB a push service accepts
	// (RFC 8030 §7.2) after the aes128gcm header and tag.
	maxPayload = 3000
	defaultTTL = 24 * time.Hour
	ellipsis   = "…"
)

// payload is what the service worker shows.
type payload struct {
	ID    string `json:"id"`
	Kind  string `json:"kind"`
	Lang  string `json:"lang"` // of title and body, for the notification's lang
	Title string `json:"title"`
	Body  string `json:"body"`
	URL   string `json:"url"`
}

// To binds s to the subscription sub.
func (s *Sender) To(sub Subscription) notify.Sender {
	return notify.SenderFunc(func(ctx context.Context, m notify.Message) error { return s.Send(ctx, sub, m) })
}

// Send encrypts m for sub and posts it to the subscription's push service
// with Urgency "normal" and a Topic derived from m.Kind, so a browser that
// was offline gets only the newest message of each kind.
func (s *Sender) Send(ctx context.Context, sub Subscription, m notify.Message) error {
	if err := s.check(); err != nil {
		return &notify.Permanent{Err: err}
	}
	if err := checkSubscription(sub); err != nil {
		return &notify.Permanent{Err: err}
	}
	if err := notify.Check(m); err != nil {
		return err
	}
	body, err := encode(m)
	if err != nil {
		return &notify.Permanent{Err: err}
	}

	client := http.Client{Timeout: 30 * time.Second}
	if s.Client != nil {
		client = *s.Client
	}
	// A push service answers, it does not redirect; following one would
	// let a registered endpoint bounce our POST elsewhere.
	client.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }

	ttl := s.TTL
	if ttl <= 0 {
		ttl = defaultTTL
	}
	resp, err := webpush.SendNotificationWithContext(ctx, body, &webpush.Subscription{
		Endpoint: sub.Endpoint,
		Keys:     webpush.Keys{P256dh: sub.P256dh, Auth: sub.Auth},
	}, &webpush.Options{
		HTTPClient: &client,
		// webpush-go prefixes "mailto:" to anything not https:, so it
		// gets the bare address.
		Subscriber:      strings.TrimPrefix(s.Subject, "mailto:"),
		Topic:           topic(m.ID),
		TTL:             int((ttl + time.Second - 1) / time.Second),
		Urgency:         webpush.UrgencyNormal,
		VAPIDPublicKey:  s.Keys.Public,
		VAPIDPrivateKey: s.Keys.Private,
	})
	if err != nil {
		// *url.Error carries the endpoint URL; keep only its cause.
		var uerr *url.Error
		if errors.As(err, &uerr) {
			err = uerr.Err
		}
		return fmt.Errorf("webpush: send %s: %w", m.ID, err)
	}
	// Drain a little so the connection can be reused; the answer's text is
	// not needed, its status says everything.
	_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 4<<10))
	resp.Body.Close()
	return classify(resp.StatusCode, m.ID)
}

// classify maps the push service's answer (RFC 8030 §5, §8.3) to notify's
// error kinds.
func classify(status int, id string) error {
	switch {
	case status >= 200 && status < 300: // 201 Created, or 200/202 from some services
		return nil
	case status == http.StatusNotFound || status == http.StatusGone:
		return &notify.Permanent{Err: fmt.Errorf("webpush: send %s: subscription gone (%d)", id, status), Gone: true}
	case status == http.StatusTooManyRequests || status >= 500:
		return fmt.Errorf("webpush: send %s: push service answered %d", id, status)
	default: // other 4xx, and 1xx/3xx which no push service sends
		return &notify.Permanent{Err: fmt.Errorf("webpush: send %s: push service refused (%d)", id, status)}
	}
}

// encode renders m as the JSON the service worker receives, shortening the
// body (and, if that is not enough, the title) so it fits in maxPayload bytes.
func encode(m notify.Message) ([]byte, error) {
	p := payload{ID: m.ID, Kind: m.Kind, Lang: m.Lang, Title: m.Title, Body: m.Body, URL: m.URL}
	b, err := json.Marshal(p)
	if err != nil {
		return nil, fmt.Errorf("webpush: payload %s: %w", m.ID, err)
	}
	if len(b) <= maxPayload {
		return b, nil
	}
	for _, field := range []*string{&p.Body, &p.Title} {
		full := *field
		if b, ok := fit(&p, field, full); ok {
			return b, nil
		}
		*field = ""
	}
	return nil, fmt.Errorf("webpush: payload %s: id, kind and url alone exceed %d bytes", m.ID, maxPayload)
}

// fit sets *field to a prefix of full (in runes), marked with "…" when it is
// shorter than full, with which p marshals within maxPayload, if there is one.
func fit(p *payload, field *string, full string) ([]byte, bool) {
	runes := []rune(full)
	marshal := func(n int) []byte {
		*field = full
		if n < len(runes) {
			*field = strings.TrimRight(string(runes[:n]), " \t\r\n") + ellipsis
		}
		b, _ := json.Marshal(p) // strings only: cannot fail
		return b
	}
	// Binary search for a long prefix that fits: JSON escaping makes the
	// encoded length grow with n, though not by a fixed amount per rune.
	lo, hi := -1, len(runes)
	for lo < hi {
		mid := (lo + hi + 1) / 2
		if len(marshal(mid)) <= maxPayload {
			lo = mid
		} else {
			hi = mid - 1
		}
	}
	if lo < 0 {
		return nil, false
	}
	return marshal(lo), true
}

var topicChars = regexp.MustCompile(`^[A-Za-z0-9_-]{1,32}$`)

// topic is the RFC 8030 §5.4 Topic of a message: its id (the send's), so
// that a push service keeps one undelivered copy of a message sent twice
// (a dispatcher killed between the push service's answer and its record)
// and never folds two different messages into one. An id that is not up to
// 32 base64url characters is replaced by a hash of it.
func topic(id string) string {
	if topicChars.MatchString(id) {
		return id
	}
	sum := sha256.Sum256([]byte(id))
	return base64.RawURLEncoding.EncodeToString(sum[:24])
}

// check validates the VAPID configuration; with a broken one the push service
// would refuse every message anyway, and retrying cannot mend it.
func (s *Sender) check() error {
	if !strings.HasPrefix(s.Subject, "mailto:") && !strings.HasPrefix(s.Subject, "https:") {
		return errors.New("webpush: Subject must be a mailto: or https: URL")
	}
	priv, err := decodeKey(s.Keys.Private)
	if err != nil {
		return errors.New("webpush: VAPID private key is not base64url")
	}
	key, err := ecdh.P256().NewPrivateKey(priv)
	if err != nil {
		return errors.New("webpush: VAPID private key is not a P-256 scalar")
	}
	pub, err := decodeKey(s.Keys.Public)
	if err != nil || string(pub) != string(key.PublicKey().Bytes()) {
		return errors.New("webpush: VAPID public key does not match the private key")
	}
	return nil
}

// checkSubscription refuses what webpush-go would fail on or send nowhere
// useful, without naming the endpoint.
func checkSubscription(sub Subscription) error {
	u, err := url.Parse(sub.Endpoint)
	if err != nil || u.Scheme != "https" || u.Host == "" {
		return errors.New("webpush: subscription endpoint is not an https URL")
	}
	p256dh, err := decodeSubKey(sub.P256dh)
	if err != nil {
		return errors.New("webpush: subscription p256dh is not base64url")
	}
	if _, err := ecdh.P256().NewPublicKey(p256dh); err != nil {
		return errors.New("webpush: subscription p256dh is not a P-256 point")
	}
	auth, err := decodeSubKey(sub.Auth)
	if err != nil || len(auth) != 16 {
		return errors.New("webpush: subscription auth is not 16 bytes of base64url")
	}
	return nil
}

// decodeKey reads a VAPID key: base64url with or without padding, as
// webpush-go reads it.
func decodeKey(s string) ([]byte, error) {
	return base64.RawURLEncoding.DecodeString(strings.TrimRight(s, "="))
}

// decodeSubKey reads a subscription key: base64url as browsers give it, or
// standard base64, which webpush-go also accepts there.
func decodeSubKey(s string) ([]byte, error) {
	s = strings.TrimRight(s, "=")
	if b, err := base64.RawURLEncoding.DecodeString(s); err == nil {
		return b, nil
	}
	return base64.RawStdEncoding.DecodeString(s)
}
