package server

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/golang-jwt/jwt/v5"

	"gendan/models"
)

// Access tokens: HS256 only, 15 minutes, with iss, aud and exp required and a
// kid naming the key, so a new key can be rolled out while tokens signed with
// the previous one still verify.
const (
	tokenIssuer    = "gendan"
	tokenAudience  = "gendan-api"
	AccessTokenTTL = 15 * time.Minute
	tokenLeeway    = 5 * time.Second
)

type signingKey struct {
	id     string
	secret []byte
}

func newSigningKey(secret []byte) signingKey {
	sum := sha256.Sum256(append([]byte("gendan-kid:"), secret...))
	return signingKey{id: hex.EncodeToString(sum[:6]), secret: secret}
}

// TokenIssuer signs and verifies access tokens.
type TokenIssuer struct {
	current  signingKey
	previous *signingKey
	clock    models.Clock
	verified verifiedTokens
}

// verifiedTokens remembers tokens whose signature and claims have been
// checked, until they expire: a phone sends the same token with every
// request for 15 minutes, and parsing and verifying it again cost more than
// the user's row. What the token may do is still decided by that row, read
// on every request (authenticate).
type verifiedTokens struct {
	mu sync.RWMutex
	m  map[string]verifiedToken
}

type verifiedToken struct {
	uid     int64
	ver     int
	expires time.Time // exp plus the leeway the parser allows
}

// maxVerifiedTokens bounds the memory: past it the map starts afresh.
const maxVerifiedTokens = 20_000

// NewTokenIssuer takes the current key and, optionally, the previous one.
func NewTokenIssuer(current, previous []byte, clock models.Clock) (*TokenIssuer, error) {
	if len(current) < 32 {
		return nil, errors.New("JWT key must be at least 32 bytes")
	}
	t := &TokenIssuer{current: newSigningKey(current), clock: clock}
	if len(previous) > 0 {
		k := newSigningKey(previous)
		t.previous = &k
	}
	return t, nil
}

// accessClaims are the claims of an access token. Ver is the user's token
// version: bumping it (disable, password change) kills every access token.
type accessClaims struct {
	jwt.RegisteredClaims
	Ver int    `json:"ver"`
	Typ string `json:"typ"`
}

// Issue signs an access token for a user.
func (t *TokenIssuer) Issue(userID int64, tokenVersion int) (string, time.Time, error) {
	now := t.clock.Now()
	exp := now.Add(AccessTokenTTL)
	claims := accessClaims{
		RegisteredClaims: jwt.RegisteredClaims{
			Issuer:    tokenIssuer,
			Subject:   strconv.FormatInt(userID, 10),
			Audience:  jwt.ClaimStrings{tokenAudience},
			ExpiresAt: jwt.NewNumericDate(exp),
			NotBefore: jwt.NewNumericDate(now),
			IssuedAt:  jwt.NewNumericDate(now),
		},
		Ver: tokenVersion,
		Typ: "access",
	}
	tok := jwt.NewWithClaims(jwt.SigningMethodHS256, claims)
	tok.Header["kid"] = t.current.id
	s, err := tok.SignedString(t.current.secret)
	if err != nil {
		return "", time.Time{}, fmt.Errorf("sign access token: %w", err)
	}
	return s, exp, nil
}

// Verify checks an access token and returns its user id and token version.
func (t *TokenIssuer) Verify(raw string) (int64, int, error) {
	now := t.clock.Now()
	t.verified.mu.RLock()
	v, ok := t.verified.m[raw]
	t.verified.mu.RUnlock()
	if ok && now.Before(v.expires) {
		return v.uid, v.ver, nil
	}
	var claims accessClaims
	_, err := jwt.ParseWithClaims(raw, &claims, t.keyFor,
		jwt.WithValidMethods([]string{jwt.SigningMethodHS256.Alg()}),
		jwt.WithIssuer(tokenIssuer),
		jwt.WithAudience(tokenAudience),
		jwt.WithExpirationRequired(),
		jwt.WithIssuedAt(),
		jwt.WithLeeway(tokenLeeway),
		jwt.WithTimeFunc(t.clock.Now),
	)
	if err != nil {
		return 0, 0, err
	}
	if claims.Typ != "access" {
		return 0, 0, errors.New("not an access token")
	}
	id, err := strconv.ParseInt(claims.Subject, 10, 64)
	if err != nil || id <= 0 {
		return 0, 0, errors.New("bad subject")
	}
	t.verified.mu.Lock()
	if t.verified.m == nil || len(t.verified.m) >= maxVerifiedTokens {
		t.verified.m = make(map[string]verifiedToken)
	}
	// A copy: Fiber's header strings point into buffers the next request reuses.
	t.verified.m[strings.Clone(raw)] = verifiedToken{uid: id, ver: claims.Ver, expires: claims.ExpiresAt.Time.Add(tokenLeeway)}
	t.verified.mu.Unlock()
	return id, claims.Ver, nil
}

func (t *TokenIssuer) keyFor(tok *jwt.Token) (any, error) {
	kid, _ := tok.Header["kid"].(string)
	switch {
	case kid == t.current.id:
		return t.current.secret, nil
	case t.previous != nil && kid == t.previous.id:
		return t.previous.secret, nil
	}
	return nil, errors.New("unknown key id")
}
