// Package pushtest is the browser's side of Web Push for tests: a
// subscription's keys and the decryption of what a push service delivers
// (RFC 8291 on RFC 8188 aes128gcm, written from the RFCs).
package pushtest

import (
	"bytes"
	"crypto/aes"
	"crypto/cipher"
	"crypto/ecdh"
	"crypto/hkdf"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/binary"
	"errors"
	"fmt"
	"testing"

	"gendan/notify/webpush"
)

// Browser is a subscription's holder: its P-256 key pair and auth secret.
type Browser struct {
	Priv *ecdh.PrivateKey
	Auth []byte
}

// NewBrowser makes a browser with fresh keys.
func NewBrowser(t testing.TB) *Browser {
	t.Helper()
	priv, err := ecdh.P256().GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	auth := make([]byte, 16)
	if _, err := rand.Read(auth); err != nil {
		t.Fatal(err)
	}
	return &Browser{Priv: priv, Auth: auth}
}

// Subscription is the PushSubscription the browser would register for
// endpoint.
func (b *Browser) Subscription(endpoint string) webpush.Subscription {
	return webpush.Subscription{
		Endpoint: endpoint,
		P256dh:   base64.RawURLEncoding.EncodeToString(b.Priv.PublicKey().Bytes()),
		Auth:     base64.RawURLEncoding.EncodeToString(b.Auth),
	}
}

// Decrypt opens a message pushed to this browser.
func (b *Browser) Decrypt(body []byte) ([]byte, error) { return Decrypt(body, b.Priv, b.Auth) }

// Decrypt opens body, a push message for the subscription with the key priv
// and the auth secret auth.
func Decrypt(body []byte, priv *ecdh.PrivateKey, auth []byte) ([]byte, error) {
	// RFC 8188 §2.1: salt(16) | rs(4) | idlen(1) | keyid(idlen) | records.
	if len(body) < 21 {
		return nil, errors.New("short header")
	}
	salt := body[:16]
	rs := int(binary.BigEndian.Uint32(body[16:20]))
	idlen := int(body[20])
	if rs < 18 || len(body) < 21+idlen {
		return nil, fmt.Errorf("bad header: rs %d, idlen %d", rs, idlen)
	}
	keyid := body[21 : 21+idlen]
	records := body[21+idlen:]

	// RFC 8291 §3.1, §3.4: keyid is the sender's ephemeral public key.
	asPublic, err := ecdh.P256().NewPublicKey(keyid)
	if err != nil {
		return nil, fmt.Errorf("keyid: %w", err)
	}
	ecdhSecret, err := priv.ECDH(asPublic)
	if err != nil {
		return nil, err
	}
	prkKey, err := hkdf.Extract(sha256.New, ecdhSecret, auth)
	if err != nil {
		return nil, err
	}
	keyInfo := "WebPush: info\x00" + string(priv.PublicKey().Bytes()) + string(keyid)
	ikm, err := hkdf.Expand(sha256.New, prkKey, keyInfo, 32)
	if err != nil {
		return nil, err
	}

	// RFC 8188 §2.2, §2.3.
	prk, err := hkdf.Extract(sha256.New, ikm, salt)
	if err != nil {
		return nil, err
	}
	cek, err := hkdf.Expand(sha256.New, prk, "Content-Encoding: aes128gcm\x00", 16)
	if err != nil {
		return nil, err
	}
	nonce, err := hkdf.Expand(sha256.New, prk, "Content-Encoding: nonce\x00", 12)
	if err != nil {
		return nil, err
	}
	block, err := aes.NewCipher(cek)
	if err != nil {
		return nil, err
	}
	gcm, err := cipher.NewGCM(block)
	if err != nil {
		return nil, err
	}

	var out []byte
	for seq := uint64(0); len(records) > 0; seq++ {
		n := min(rs, len(records))
		record := records[:n]
		records = records[n:]
		last := len(records) == 0

		iv := bytes.Clone(nonce)
		var s [8]byte
		binary.BigEndian.PutUint64(s[:], seq)
		for i := range s {
			iv[4+i] ^= s[i]
		}
		plain, err := gcm.Open(nil, iv, record, nil)
		if err != nil {
			return nil, fmt.Errorf("record %d: %w", seq, err)
		}
		// Padding: the delimiter (2 in the last record, 1 before) then zeros.
		i := len(plain) - 1
		for i >= 0 && plain[i] == 0 {
			i--
		}
		want := byte(1)
		if last {
			want = 2
		}
		if i < 0 || plain[i] != want {
			return nil, fmt.Errorf("record %d: no padding delimiter %d", seq, want)
		}
		out = append(out, plain[:i]...)
	}
	return out, nil
}
