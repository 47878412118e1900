package models

import (
	"context"
	"fmt"
	"slices"
	"time"

	"gorm.io/gorm"
)

// Photo is one uploaded image, stored as three JPEG objects under
// ObjectPrefix. It is uploaded first and then attached to what it shows (a
// progress report, a sample round, a defect, a comment); until then only
// its uploader may see it, and unattached photos are swept after a day.
type Photo struct {
	ID           int64 `gorm:"primaryKey"`
	ObjectPrefix string
	// OwnerKind and OwnerID name what the photo is attached to; OwnerKind is
	// "" while it is not attached.
	OwnerKind string
	OwnerID   *int64
	// SupplierID is the supplier of the owning object: a factory user may
	// see the photo only when it is theirs.
	SupplierID         *int64
	UploadedBy         int64
	UploaderSupplierID *int64
	Width              int
	Height             int
	Bytes              int64
	PreviewBytes       int64
	ThumbBytes         int64
	Sha256             string
	CreatedAt          time.Time
	AttachedAt         *time.Time
}

// Photo variants and their object names under the prefix.
const (
	SizeOriginal = "original"
	SizePreview  = "preview"
	SizeThumb    = "thumb"
)

// PhotoSizes lists the variants.
var PhotoSizes = []string{SizeOriginal, SizePreview, SizeThumb}

// Key is the object key of one variant.
func (p *Photo) Key(size string) string { return p.ObjectPrefix + size + ".jpg" }

// Attached reports whether the photo belongs to something.
func (p *Photo) Attached() bool { return p.OwnerKind != "" }

// CreatePhoto records an uploaded photo whose objects are already stored.
func (s *Store) CreatePhoto(ctx context.Context, p *Photo) error {
	p.ID = 0
	p.CreatedAt = s.clock.Now()
	p.OwnerKind, p.OwnerID, p.SupplierID, p.AttachedAt = "", nil, nil, nil
	if err := s.conn(ctx).Create(p).Error; err != nil {
		return fmt.Errorf("create photo: %w", err)
	}
	return nil
}

// GetPhoto loads a photo by id.
func (s *Store) GetPhoto(ctx context.Context, id int64) (*Photo, error) {
	var p Photo
	if err := s.conn(ctx).First(&p, id).Error; err != nil {
		return nil, notFound(err)
	}
	return &p, nil
}

// PhotoOwner is what photos are attached to.
type PhotoOwner struct {
	Kind       string // "progress_report", "sample_round", …
	ID         int64
	SupplierID int64 // the owning object's supplier
}

// Uploader is who attaches photos: their own uploads, or (for a factory
// user) uploads by colleagues of the same supplier.
type Uploader struct {
	UserID     int64
	SupplierID *int64
}

// AttachPhotos attaches photos to an owner inside the caller's transaction,
// so the feature's write and the attachment commit together. Each photo must
// exist, be unattached, and have been uploaded by the same user or a user of
// the same supplier; otherwise nothing is attached and the error is a 422 on
// photo_ids.
func (s *Store) AttachPhotos(tx *gorm.DB, ids []int64, by Uploader, owner PhotoOwner) error {
	if len(ids) == 0 {
		return nil
	}
	if owner.Kind == "" || owner.ID <= 0 {
		return fmt.Errorf("attach photos: no owner")
	}
	uniq := slices.Clone(ids)
	slices.Sort(uniq)
	uniq = slices.Compact(uniq)
	if len(uniq) != len(ids) {
		return Invalid("photo_ids", "duplicate")
	}
	if len(uniq) > 50 {
		return Invalid("photo_ids", "too_many", "max", 50)
	}
	q := tx.Model(&Photo{}).Where("id IN ? AND owner_kind = ''", uniq)
	if by.SupplierID != nil {
		q = q.Where("(uploaded_by = ? OR uploader_supplier_id = ?)", by.UserID, *by.SupplierID)
	} else {
		q = q.Where("uploaded_by = ?", by.UserID)
	}
	now := s.clock.Now()
	res := q.Updates(map[string]any{"owner_kind": owner.Kind, "owner_id": owner.ID, "supplier_id": owner.SupplierID, "attached_at": now})
	if res.Error != nil {
		return fmt.Errorf("attach photos: %w", res.Error)
	}
	if res.RowsAffected != int64(len(uniq)) {
		// The caller's transaction rolls the partial update back.
		return Invalid("photo_ids", "photo_unavailable")
	}
	return nil
}

// ListPhotos returns the photos attached to an owner, oldest first.
func (s *Store) ListPhotos(ctx context.Context, kind string, ownerIDs ...int64) ([]Photo, error) {
	var rows []Photo
	if len(ownerIDs) == 0 {
		return rows, nil
	}
	err := s.conn(ctx).Where("owner_kind = ? AND owner_id IN ?", kind, ownerIDs).Order("id").Find(&rows).Error
	return rows, err
}

// StaleUnattachedPhotos lists photos never attached and older than the cut-off.
func (s *Store) StaleUnattachedPhotos(ctx context.Context, before time.Time, limit int) ([]Photo, error) {
	var rows []Photo
	err := s.conn(ctx).Where("owner_kind = '' AND created_at < ?", before).Order("id").Limit(limit).Find(&rows).Error
	return rows, err
}

// DeletePhotoRow removes a photo's row (its objects are the caller's).
// Only an unattached photo is deleted: attachment wins a race with the sweep.
func (s *Store) DeletePhotoRow(ctx context.Context, id int64) (bool, error) {
	res := s.conn(ctx).Where("id = ? AND owner_kind = ''", id).Delete(&Photo{})
	return res.RowsAffected == 1, res.Error
}

// KnownPhotoPrefixes returns which of the prefixes have a row.
func (s *Store) KnownPhotoPrefixes(ctx context.Context, prefixes []string) (map[string]bool, error) {
	known := map[string]bool{}
	for start := 0; start < len(prefixes); start += 500 {
		end := min(start+500, len(prefixes))
		var got []string
		if err := s.conn(ctx).Model(&Photo{}).Where("object_prefix IN ?", prefixes[start:end]).Pluck("object_prefix", &got).Error; err != nil {
			return nil, err
		}
		for _, p := range got {
			known[p] = true
		}
	}
	return known, nil
}
