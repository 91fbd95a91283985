#!/usr/bin/env python3
"""Who holds the heap: reads an HPROF heap dump (jcmd <pid> GC.heap_dump FILE) and gives each object to
its owner, the nearest object up its chain of referrers whose class is not the JDK's (java.*, jdk.*,
sun.*, arrays of those, primitive arrays). Prints the owners by the bytes they hold, per stream when
--streams says how many streams were open, and the capacity of every NIO buffer by its owner (direct
buffers live outside the heap, in the RSS).

    python3 bench/heap_owners.py heap.hprof --streams 2000 [--top 40]

Each object keeps the first referrer met in the dump, not all of them: an object reachable from two
owners is counted once, under either. Shallow sizes assume compressed references (a 16-byte header,
4 bytes per array element). Standard library only; a 200 MB dump takes about 20 s.
"""
import argparse
import collections
import mmap
import struct

U4 = struct.Struct('>I')
ID = struct.Struct('>Q')
I4 = struct.Struct('>i')
TYPE_SIZE = {2: 8, 4: 1, 5: 2, 6: 4, 7: 8, 8: 1, 9: 2, 10: 4, 11: 8}
PRIMITIVE_ARRAY = {4: 'boolean[]', 5: 'char[]', 6: 'float[]', 7: 'double[]', 8: 'byte[]', 9: 'short[]',
                   10: 'int[]', 11: 'long[]'}
# What stands between a buffer and its user: pool wrappers, cleaners, other views of the buffer.
BUFFER_PLUMBING = ('PooledWsByteBufferImpl', 'ByteBuffer', 'WsByteBuffer;')
ROOT_SIZE = {0xff: 8, 0x01: 16, 0x02: 16, 0x03: 16, 0x04: 12, 0x05: 8, 0x06: 12, 0x07: 8, 0x08: 16}
JDK_PREFIXES = ('java.', 'jdk.', 'sun.')


class Heap:
    def __init__(self, path):
        self.strings = {}
        self.class_name_id = {}
        self.classes = {}       # class id -> (super id, [(field name id, type)])
        self.class_of = {}      # object id -> class id (negative: primitive array type)
        self.size = {}          # object id -> shallow bytes
        self.referrer = {}      # object id -> first referrer's id
        self.instances = []     # (object id, class id, offset of its field values)
        with open(path, 'rb') as file:
            self.data = mmap.mmap(file.fileno(), 0, access=mmap.ACCESS_READ)
        self._read()
        self._link_instance_fields()

    def _read(self):
        data = self.data
        pos = data.find(b'\0') + 1
        if U4.unpack_from(data, pos)[0] != 8:
            raise SystemExit('only 8-byte identifiers are read')
        pos += 12
        while pos < len(data):
            tag = data[pos]
            length = U4.unpack_from(data, pos + 5)[0]
            pos += 9
            if tag == 0x01:
                self.strings[ID.unpack_from(data, pos)[0]] = data[pos + 8:pos + length].decode('utf8', 'replace')
            elif tag == 0x02:
                self.class_name_id[ID.unpack_from(data, pos + 4)[0]] = ID.unpack_from(data, pos + 16)[0]
            elif tag in (0x0c, 0x1c):
                self._read_segment(pos, pos + length)
            pos += length

    def _read_segment(self, pos, end):
        data = self.data
        while pos < end:
            sub = data[pos]
            pos += 1
            if sub in ROOT_SIZE:
                pos += ROOT_SIZE[sub]
            elif sub == 0x20:
                pos = self._read_class(pos)
            elif sub == 0x21:
                oid = ID.unpack_from(data, pos)[0]
                cid = ID.unpack_from(data, pos + 12)[0]
                length = U4.unpack_from(data, pos + 20)[0]
                self.class_of[oid] = cid
                self.size[oid] = 16 + length
                self.instances.append((oid, cid, pos + 24))
                pos += 24 + length
            elif sub == 0x22:
                oid = ID.unpack_from(data, pos)[0]
                count = U4.unpack_from(data, pos + 12)[0]
                self.class_of[oid] = ID.unpack_from(data, pos + 16)[0]
                self.size[oid] = 16 + 4 * count
                elements = pos + 24
                for k in range(count):
                    self._refer(ID.unpack_from(data, elements + 8 * k)[0], oid)
                pos = elements + 8 * count
            elif sub == 0x23:
                oid = ID.unpack_from(data, pos)[0]
                count = U4.unpack_from(data, pos + 12)[0]
                kind = data[pos + 16]
                self.class_of[oid] = -kind
                self.size[oid] = 16 + count * TYPE_SIZE[kind]
                pos += 17 + count * TYPE_SIZE[kind]
            else:
                raise SystemExit(f'unknown heap dump record {sub:#x} at byte {pos}')

    def _read_class(self, pos):
        data = self.data
        cid = ID.unpack_from(data, pos)[0]
        super_id = ID.unpack_from(data, pos + 12)[0]
        pos += 64
        constants = struct.unpack_from('>H', data, pos)[0]
        pos += 2
        for _ in range(constants):
            pos += 3 + TYPE_SIZE[data[pos + 2]]
        statics = struct.unpack_from('>H', data, pos)[0]
        pos += 2
        for _ in range(statics):
            kind = data[pos + 8]
            if kind == 2:
                self._refer(ID.unpack_from(data, pos + 9)[0], cid)
            pos += 9 + TYPE_SIZE[kind]
        count = struct.unpack_from('>H', data, pos)[0]
        pos += 2
        fields = []
        for _ in range(count):
            fields.append((ID.unpack_from(data, pos)[0], data[pos + 8]))
            pos += 9
        self.classes[cid] = (super_id, fields)
        return pos

    def _refer(self, target, source):
        if target and target not in self.referrer:
            self.referrer[target] = source

    def fields(self, cid):
        out = []
        while cid in self.classes:
            super_id, own = self.classes[cid]
            out.extend(own)
            cid = super_id
        return out

    def _link_instance_fields(self):
        layouts = {}
        for oid, cid, pos in self.instances:
            layout = layouts.get(cid)
            if layout is None:
                layout = layouts[cid] = self.fields(cid)
            for field, kind in layout:
                # A Reference's referent (weak, soft, phantom: a direct buffer's Cleaner) holds nothing.
                if kind == 2 and self.strings.get(field) != 'referent':
                    self._refer(ID.unpack_from(self.data, pos)[0], oid)
                pos += TYPE_SIZE[kind]

    def name(self, oid):
        cid = self.class_of.get(oid)
        if cid is None:
            cid = oid  # a class object
        if cid < 0:
            return PRIMITIVE_ARRAY[-cid]
        return self.strings.get(self.class_name_id.get(cid), '?').replace('/', '.')

    def owner(self, oid):
        name, steps = self.name(oid), 0
        while is_jdk(name) and steps < 64:
            oid = self.referrer.get(oid)
            if oid is None:
                return None, 'a GC root'
            name, steps = self.name(oid), steps + 1
        return oid, name


def is_jdk(name):
    """JDK classes and every array: an array's owner is whoever holds the array."""
    return name.startswith(JDK_PREFIXES) or name.startswith('[') or name.endswith('[]')


def main():
    parser = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    parser.add_argument('dump')
    parser.add_argument('--streams', type=int, default=0, help='streams open when the dump was taken')
    parser.add_argument('--top', type=int, default=40)
    args = parser.parse_args()
    heap = Heap(args.dump)
    held, owners = collections.Counter(), collections.defaultdict(set)
    for oid in heap.class_of:
        owner, name = heap.owner(oid)
        held[name] += heap.size[oid]
        owners[name].add(owner)
    per = args.streams or 1
    unit = 'bytes per stream' if args.streams else 'bytes'
    print(f'{"owner class":<90} {"owners":>8} {unit:>18}')
    for name, size in held.most_common(args.top):
        print(f'{name:<90} {len(owners[name]):>8} {size / per:>18.0f}')
    buffers = collections.Counter()
    for oid, cid, pos in heap.instances:
        name = heap.name(oid)
        if name not in ('java.nio.DirectByteBuffer', 'java.nio.HeapByteBuffer'):
            continue
        capacity = None
        for field, kind in heap.fields(cid):
            if heap.strings.get(field) == 'capacity':
                capacity = I4.unpack_from(heap.data, pos)[0]
            pos += TYPE_SIZE[kind]
        holder, steps = heap.referrer.get(oid), 0
        while holder is not None and steps < 64 and heap.name(holder).endswith(BUFFER_PLUMBING):
            holder, steps = heap.referrer.get(holder), steps + 1  # pooled buffers link to each other
        owner = heap.name(holder) if holder is not None else 'a GC root'
        if is_jdk(owner) and holder is not None:
            owner = heap.owner(holder)[1]
        buffers[(name.rsplit('.', 1)[-1], capacity, owner)] += 1
    print(f'\n{"NIO buffer":<18} {"capacity":>9} {"count":>7}  owner')
    for (kind, capacity, owner), count in buffers.most_common(args.top):
        print(f'{kind:<18} {capacity:>9} {count:>7}  {owner}')


if __name__ == '__main__':
    main()
