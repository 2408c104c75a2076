package endpoints

import (
	_ "embed"
	"encoding/json"
	"errors"
	"fmt"
	"sync"
)

// partitionsJSON is a byte-exact copy of the AWS partitions data
// (botocore/data/partitions.json) that backs the aws.partition rules function.
// It is embedded so resolution never touches the file system.
//
//go:embed partitions.json
var partitionsJSON []byte

// defaultPartitionID is the partition aws.partition falls back to when a
// region matches neither a known region key nor any partition's regionRegex.
const defaultPartitionID = "aws"

// partition is the record aws.partition returns; its fields are what the
// rules read through getAttr(PartitionResult, "<name>").
type partition struct {
	// Name is the partition id; the rules engine reports the id as "name".
	Name               string
	DNSSuffix          string
	DualStackDNSSuffix string
	SupportsFIPS       bool
	SupportsDualStack  bool
}

// partitionTable is the parsed partitions data, ready for lookups.
type partitionTable struct {
	// byRegion maps each explicitly listed region to its partition so known
	// regions cost one map lookup and no regex work.
	byRegion map[string]*partition
	// patterns holds each partition's compiled regionRegex in file order,
	// because the first matching regex wins.
	patterns []regionPattern
	// fallback is the "aws" partition.
	fallback *partition
}

// regionPattern pairs a partition with its compiled regionRegex.
type regionPattern struct {
	re pattern
	p  *partition
}

// partitionsFile mirrors the parts of partitions.json the resolver needs.
type partitionsFile struct {
	Partitions []struct {
		ID      string `json:"id"`
		Outputs struct {
			DNSSuffix          string `json:"dnsSuffix"`
			DualStackDNSSuffix string `json:"dualStackDnsSuffix"`
			SupportsFIPS       *bool  `json:"supportsFIPS"`
			SupportsDualStack  *bool  `json:"supportsDualStack"`
		} `json:"outputs"`
		RegionRegex string                     `json:"regionRegex"`
		Regions     map[string]json.RawMessage `json:"regions"`
	} `json:"partitions"`
}

// loadPartitions parses the embedded data on first use only, so programs
// that never resolve an endpoint pay nothing, and every later call shares
// the same read-only table (safe for concurrent use).
var loadPartitions = sync.OnceValues(func() (*partitionTable, error) {
	return parsePartitions(partitionsJSON)
})

// parsePartitions builds a partitionTable from partitions.json content and
// compiles every regionRegex once.
func parsePartitions(data []byte) (*partitionTable, error) {
	var f partitionsFile
	if err := json.Unmarshal(data, &f); err != nil {
		return nil, fmt.Errorf("endpoints: parse partitions data: %w", err)
	}
	if len(f.Partitions) == 0 {
		return nil, errors.New("endpoints: partitions data has no partitions")
	}
	t := &partitionTable{byRegion: make(map[string]*partition)}
	for _, fp := range f.Partitions {
		o := fp.Outputs
		// These outputs are required by the partitions schema; refuse
		// data that lacks them rather than silently resolve to bad hosts.
		if fp.ID == "" || o.DNSSuffix == "" || o.DualStackDNSSuffix == "" ||
			o.SupportsFIPS == nil || o.SupportsDualStack == nil {
			return nil, fmt.Errorf("endpoints: partition %q is missing required fields", fp.ID)
		}
		p := &partition{
			Name:               fp.ID,
			DNSSuffix:          o.DNSSuffix,
			DualStackDNSSuffix: o.DualStackDNSSuffix,
			SupportsFIPS:       *o.SupportsFIPS,
			SupportsDualStack:  *o.SupportsDualStack,
		}
		re, err := compilePattern(fp.RegionRegex)
		if err != nil {
			return nil, fmt.Errorf("endpoints: partition %q regionRegex: %w", fp.ID, err)
		}
		t.patterns = append(t.patterns, regionPattern{re: re, p: p})
		for region := range fp.Regions {
			// Keep the first partition that lists a region, matching the
			// file-order scan the README describes.
			if _, dup := t.byRegion[region]; !dup {
				t.byRegion[region] = p
			}
		}
		if fp.ID == defaultPartitionID && t.fallback == nil {
			t.fallback = p
		}
	}
	if t.fallback == nil {
		return nil, fmt.Errorf("endpoints: partitions data has no %q partition", defaultPartitionID)
	}
	return t, nil
}

// lookup implements aws.partition over t: an exact region key first, then
// the first regionRegex that matches, else the "aws" partition. It never
// returns nil.
func (t *partitionTable) lookup(region string) *partition {
	if p, ok := t.byRegion[region]; ok {
		return p
	}
	for _, rp := range t.patterns {
		if rp.re.matches(region) {
			return rp.p
		}
	}
	return t.fallback
}

// awsPartition is the rules-engine function aws.partition(region). The error
// is only ever non-nil if the embedded data is broken.
func awsPartition(region string) (*partition, error) {
	t, err := loadPartitions()
	if err != nil {
		return nil, err
	}
	return t.lookup(region), nil
}
