import { describe, expect, it } from 'vitest';
import { buildIndex, search, suggest, type SearchDoc } from '../domain/criteria-search.js';

const docs: SearchDoc[] = [
  {
    kind: 'title',
    id: 1,
    title: 'Tập thể lao động tiên tiến',
    body: ['Có trên 50% cá nhân đạt danh hiệu Lao động tiên tiến'],
  },
  { kind: 'title', id: 2, title: 'Lao động tiên tiến', body: ['Hoàn thành tốt nhiệm vụ trở lên'] },
  { kind: 'title', id: 3, title: 'Chiến sĩ thi đua cơ sở', body: ['Đạt danh hiệu Lao động tiên tiến', 'Có sáng kiến'] },
  { kind: 'award', id: 4, title: 'Giấy khen của Chủ tịch UBND cấp xã', body: ['Tiêu chuẩn chi tiết chưa xác minh'] },
  {
    kind: 'section',
    id: 5,
    title: 'Kiểm tra, đôn đốc, sơ kết, tổng kết',
    body: ['Tổ chức sơ kết, tổng kết phong trào'],
  },
];
const index = buildIndex(docs);

describe('criteria search', () => {
  it('finds a title without diacritics and ranks the exact title first', () => {
    const hits = search(index, 'lao dong tien tien');
    expect(hits[0]!.doc.title).toBe('Lao động tiên tiến');
    expect(hits.map((h) => h.doc.id)).toEqual([2, 1, 3]);
  });
  it('treats đ and d alike and ignores case', () => {
    expect(search(index, 'LAO ĐONG')[0]!.doc.id).toBe(2);
    expect(search(index, 'giay khen')[0]!.doc.id).toBe(4);
  });
  it('finds plan sections by their items', () => {
    expect(search(index, 'so ket')[0]!.doc.id).toBe(5);
  });
  it('ignores words that appear nowhere rather than failing', () => {
    expect(search(index, 'danh hieu chien si thi dua')[0]!.doc.id).toBe(3);
  });
  it('returns nothing for unknown words and suggests close titles for typos', () => {
    expect(search(index, 'xyzzy')).toEqual([]);
    expect(suggest(index, 'xyzzy')).toEqual([]);
    expect(suggest(index, 'chien sy thi dau').map((d) => d.id)).toContain(3);
  });
});
