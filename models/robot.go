package models

import (
	"context"
	"crypto/aes"
	"crypto/cipher"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"fmt"
	"net/url"
	"slices"
	"strings"
	"time"

	"gorm.io/gorm"
)

// ChatRobot is a chat group's robot that notifications are posted to: a
// supplier's (SupplierID set: what its factory users are told) or the
// buying team's (nil: what merchandisers and admins are told). Events
// picks the kinds ("" = all). The webhook and the signing secret are kept
// encrypted and never leave the server except to post.
type ChatRobot struct {
	ID          int64 `gorm:"primaryKey"`
	SupplierID  *int64
	Name        string
	Platform    string
	WebhookEnc  string
	WebhookHint string
	SecretEnc   string
	Language    string
	Events      string
	CreatedBy   int64
	CreatedAt   time.Time
}

// ChannelChat is the chat-robot channel; a send's target is the robot's id.
const ChannelChat = "chat"

// RobotPlatforms are the chat platforms robots are registered for.
var RobotPlatforms = []string{"wecom", "dingtalk", "feishu"}

// EventList is the robot's picked kinds (nil: all).
func (r *ChatRobot) EventList() []string {
	if r.Events == "" {
		return nil
	}
	return strings.Split(r.Events, ",")
}

// Takes reports whether the robot posts notifications of kind.
func (r *ChatRobot) Takes(kind string) bool {
	return r.Events == "" || slices.Contains(r.EventList(), kind)
}

// RobotInput registers a robot; the HTTP layer has checked the webhook is
// the platform's own (notify/chat.ValidWebhook).
type RobotInput struct {
	SupplierID                                *int64
	Name, Platform, Webhook, Secret, Language string
	Events                                    []string
}

func (s *Store) robotKey() []byte {
	k := sha256.Sum256(append([]byte("gendan-chat-robot-v1|"), s.tokenKey...))
	return k[:]
}

func (s *Store) robotCipher() (cipher.AEAD, error) {
	block, err := aes.NewCipher(s.robotKey())
	if err != nil {
		return nil, err
	}
	return cipher.NewGCM(block)
}

// seal encrypts a robot's webhook or secret: a random nonce, then the
// AES-GCM sealed text, base64.
func (s *Store) seal(plain string) (string, error) {
	if plain == "" {
		return "", nil
	}
	gcm, err := s.robotCipher()
	if err != nil {
		return "", err
	}
	nonce := make([]byte, gcm.NonceSize())
	if _, err := rand.Read(nonce); err != nil {
		return "", err
	}
	return base64.RawStdEncoding.EncodeToString(gcm.Seal(nonce, nonce, []byte(plain), nil)), nil
}

func (s *Store) open(sealed string) (string, error) {
	if sealed == "" {
		return "", nil
	}
	raw, err := base64.RawStdEncoding.DecodeString(sealed)
	if err != nil {
		return "", err
	}
	gcm, err := s.robotCipher()
	if err != nil {
		return "", err
	}
	if len(raw) < gcm.NonceSize() {
		return "", errors.New("sealed value too short")
	}
	plain, err := gcm.Open(nil, raw[:gcm.NonceSize()], raw[gcm.NonceSize():], nil)
	return string(plain), err
}

// webhookHint shows a webhook without its key: host and path start.
func webhookHint(webhook string) string {
	u, err := url.Parse(webhook)
	if err != nil {
		return "…"
	}
	p := u.Path
	if len(p) > 24 {
		p = p[:24]
	}
	return u.Host + p + "…"
}

// CreateRobot registers a robot.
func (s *Store) CreateRobot(ctx context.Context, in RobotInput, by int64) (*ChatRobot, error) {
	v := &ValidationError{}
	in.Name = strings.TrimSpace(in.Name)
	checkText(v, "name", in.Name, true, 100)
	if !slices.Contains(RobotPlatforms, in.Platform) {
		v.Add("platform", "one_of", "allowed", strings.Join(RobotPlatforms, ", "))
	}
	if !slices.Contains(LinkLanguages, in.Language) {
		v.Add("language", "one_of", "allowed", strings.Join(LinkLanguages, ", "))
	}
	if len(in.Secret) > 200 {
		v.Add("secret", "too_long", "max", 200)
	}
	for _, e := range in.Events {
		if !slices.Contains(NotificationKinds, e) {
			v.Add("events", "one_of", "allowed", strings.Join(NotificationKinds, ", "))
		}
	}
	if err := v.Err(); err != nil {
		return nil, err
	}
	if in.SupplierID != nil {
		if _, err := s.GetSupplier(ctx, *in.SupplierID); err != nil {
			return nil, err
		}
	}
	hook, err := s.seal(in.Webhook)
	if err != nil {
		return nil, err
	}
	secret, err := s.seal(in.Secret)
	if err != nil {
		return nil, err
	}
	r := &ChatRobot{SupplierID: in.SupplierID, Name: in.Name, Platform: in.Platform, WebhookEnc: hook, WebhookHint: webhookHint(in.Webhook),
		SecretEnc: secret, Language: in.Language, Events: strings.Join(uniqStrings(in.Events), ","), CreatedBy: by, CreatedAt: s.clock.Now().UTC()}
	if err := s.conn(ctx).Create(r).Error; err != nil {
		return nil, fmt.Errorf("create robot: %w", err)
	}
	return r, nil
}

func uniqStrings(in []string) []string {
	var out []string
	for _, s := range in {
		if !slices.Contains(out, s) {
			out = append(out, s)
		}
	}
	return out
}

// ListRobots lists robots: one supplier's (supplierID set), or all of them.
func (s *Store) ListRobots(ctx context.Context, supplierID *int64) ([]ChatRobot, error) {
	q := s.conn(ctx).Order("id")
	if supplierID != nil {
		q = q.Where("supplier_id = ?", *supplierID)
	}
	var out []ChatRobot
	return out, q.Find(&out).Error
}

// DeleteRobot removes a robot; with supplierID set only that supplier's
// (another's is ErrNotFound).
func (s *Store) DeleteRobot(ctx context.Context, id int64, supplierID *int64) error {
	q := s.conn(ctx).Where("id = ?", id)
	if supplierID != nil {
		q = q.Where("supplier_id = ?", *supplierID)
	}
	res := q.Delete(&ChatRobot{})
	if res.Error != nil {
		return res.Error
	}
	if res.RowsAffected == 0 {
		return ErrNotFound
	}
	return nil
}

// RobotAddress is what posting to a robot needs, decrypted.
type RobotAddress struct {
	Platform, Webhook, Secret, Language string
}

// RobotAddressOf decrypts the robot a chat send targets.
func (s *Store) RobotAddressOf(ctx context.Context, target string) (*RobotAddress, error) {
	var r ChatRobot
	err := s.conn(ctx).Where("id = ?", target).Take(&r).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return nil, ErrNotFound
	} else if err != nil {
		return nil, err
	}
	hook, err := s.open(r.WebhookEnc)
	if err != nil {
		return nil, fmt.Errorf("robot %d: %w", r.ID, err)
	}
	secret, err := s.open(r.SecretEnc)
	if err != nil {
		return nil, fmt.Errorf("robot %d: %w", r.ID, err)
	}
	return &RobotAddress{Platform: r.Platform, Webhook: hook, Secret: secret, Language: r.Language}, nil
}

// robotSends are the chat sends of one event: one per robot of the
// addressed side that takes its kind, on the event's first row.
func robotSends(tx *gorm.DB, now time.Time, n Notification, rows []Notification) ([]NotificationSend, error) {
	q := tx.Model(&ChatRobot{})
	switch {
	case n.SupplierID != nil:
		q = q.Where("supplier_id = ?", *n.SupplierID)
	case n.UserID != nil:
		var role Role
		if err := tx.Table("users").Select("role").Where("id = ?", *n.UserID).Scan(&role).Error; err != nil {
			return nil, err
		}
		if role != RoleAdmin && role != RoleMerchandiser {
			return nil, nil
		}
		q = q.Where("supplier_id IS NULL")
	default:
		return nil, nil
	}
	var robots []ChatRobot
	if err := q.Select("id, events").Order("id").Find(&robots).Error; err != nil {
		return nil, err
	}
	var out []NotificationSend
	for _, r := range robots {
		if r.Takes(n.Kind) {
			out = append(out, NotificationSend{NotificationID: rows[0].ID, UserID: rows[0].UserID, Channel: ChannelChat,
				Target: fmt.Sprint(r.ID), Status: SendPending, NextAttemptAt: now, CreatedAt: now})
		}
	}
	return out, nil
}
