// The organisation the product ships with: the Chongqing Women's Federation (重庆市妇联), its
// departments, the 40 district-level federations every official notice goes to (主送), the agency
// women's committees and the member units of the municipal women & children committee; and, for
// demonstrations and tests, one invented person per role. Names of people are invented.
import type { RoleCode } from '../../workflows/template-types';
import type { UnitKind } from './org.constants';

export interface SeedUnit {
  code: string;
  nameZh: string;
  nameEn: string;
  kind: UnitKind;
  parentCode?: string;
  sortOrder: number;
}

export interface SeedUser {
  username: string;
  displayName: string;
  unitCode: string;
  roles: { role: RoleCode; unitCode: string }[];
  /** 分管: for a vice-chair, the departments it is in charge of. */
  inChargeOf?: string[];
}

export const LEADERSHIP = 'fed-leadership';

/** The federation itself and the offices of its 机关 (departments sit under the leadership). */
const FEDERATION: SeedUnit[] = [
  { code: LEADERSHIP, nameZh: '市妇联领导班子', nameEn: "Leadership of the Chongqing Women's Federation", kind: 'leadership', sortOrder: 0 },
  { code: 'fed-office', nameZh: '办公室', nameEn: 'General Office', kind: 'department', parentCode: LEADERSHIP, sortOrder: 10 },
  { code: 'dept-organisation', nameZh: '组织部', nameEn: 'Organisation Department', kind: 'department', parentCode: LEADERSHIP, sortOrder: 11 },
  { code: 'dept-publicity', nameZh: '宣传部', nameEn: 'Publicity Department', kind: 'department', parentCode: LEADERSHIP, sortOrder: 12 },
  { code: 'dept-rights', nameZh: '权益部', nameEn: 'Rights and Interests Department', kind: 'department', parentCode: LEADERSHIP, sortOrder: 13 },
  { code: 'dept-family-children', nameZh: '家庭和儿童工作部', nameEn: "Family and Children's Work Department", kind: 'department', parentCode: LEADERSHIP, sortOrder: 14 },
  { code: 'dept-development', nameZh: '发展部', nameEn: 'Development Department', kind: 'department', parentCode: LEADERSHIP, sortOrder: 15 },
  { code: 'dept-liaison', nameZh: '联络部', nameEn: 'Liaison Department', kind: 'department', parentCode: LEADERSHIP, sortOrder: 16 },
  // The municipal government's committee has its office inside the federation; it convenes M5.
  {
    code: 'wcc-office',
    nameZh: '市政府妇女儿童工作委员会办公室',
    nameEn: 'Office of the Municipal Working Committee on Women and Children',
    kind: 'office',
    parentCode: LEADERSHIP,
    sortOrder: 20,
  },
];

/** Each department's (and office's) demo head and organiser, by unit code. */
const DEPARTMENT_STAFF: Record<string, { head: string; organiser: string }> = {
  'fed-office': { head: '王雪梅', organiser: '赵洁' },
  'dept-organisation': { head: '高欣悦', organiser: '向丽萍' },
  'dept-publicity': { head: '袁建英', organiser: '韩敏' },
  'dept-rights': { head: '陈倩', organiser: '孙艳' },
  'dept-family-children': { head: '罗明月', organiser: '蒋晓燕' },
  'dept-development': { head: '熊慧', organiser: '李思雨' },
  'dept-liaison': { head: '周晓红', organiser: '林永红' },
  'wcc-office': { head: '彭静', organiser: '余蓉' },
};

/**
 * The 38 districts and counties of Chongqing in the official order (26 districts, 8 counties, 4
 * autonomous counties), then 两江新区 and 万盛经开区, with a demo liaison (联络员) and chair for each.
 */
const DISTRICTS: { pinyin: string; nameZh: string; nameEn: string; liaison: string; chair: string }[] = [
  { pinyin: 'wanzhou', nameZh: '万州区妇联', nameEn: "Wanzhou District Women's Federation", liaison: '邹雅琴', chair: '杨秋菊' },
  { pinyin: 'qianjiang', nameZh: '黔江区妇联', nameEn: "Qianjiang District Women's Federation", liaison: '胡秀英', chair: '谭琳' },
  { pinyin: 'fuling', nameZh: '涪陵区妇联', nameEn: "Fuling District Women's Federation", liaison: '曾佳怡', chair: '蒲美玲' },
  { pinyin: 'yuzhong', nameZh: '渝中区妇联', nameEn: "Yuzhong District Women's Federation", liaison: '张晓梅', chair: '吴红霞' },
  { pinyin: 'dadukou', nameZh: '大渡口区妇联', nameEn: "Dadukou District Women's Federation", liaison: '何燕', chair: '邓海燕' },
  { pinyin: 'jiangbei', nameZh: '江北区妇联', nameEn: "Jiangbei District Women's Federation", liaison: '田巧玲', chair: '程丽华' },
  { pinyin: 'shapingba', nameZh: '沙坪坝区妇联', nameEn: "Shapingba District Women's Federation", liaison: '黄丹', chair: '朱娟' },
  { pinyin: 'jiulongpo', nameZh: '九龙坡区妇联', nameEn: "Jiulongpo District Women's Federation", liaison: '冉淑芬', chair: '谢利群' },
  { pinyin: 'nanan', nameZh: '南岸区妇联', nameEn: "Nan'an District Women's Federation", liaison: '游玉兰', chair: '刘晓霞' },
  { pinyin: 'beibei', nameZh: '北碚区妇联', nameEn: "Beibei District Women's Federation", liaison: '徐文静', chair: '郭春燕' },
  { pinyin: 'qijiang', nameZh: '綦江区妇联', nameEn: "Qijiang District Women's Federation", liaison: '唐丽娟', chair: '秦芳' },
  { pinyin: 'dazu', nameZh: '大足区妇联', nameEn: "Dazu District Women's Federation", liaison: '王莉', chair: '赵桂兰' },
  { pinyin: 'yubei', nameZh: '渝北区妇联', nameEn: "Yubei District Women's Federation", liaison: '高素华', chair: '向春梅' },
  { pinyin: 'banan', nameZh: '巴南区妇联', nameEn: "Banan District Women's Federation", liaison: '袁萍', chair: '韩晓琴' },
  { pinyin: 'changshou', nameZh: '长寿区妇联', nameEn: "Changshou District Women's Federation", liaison: '陈小琴', chair: '孙亚玲' },
  { pinyin: 'jiangjin', nameZh: '江津区妇联', nameEn: "Jiangjin District Women's Federation", liaison: '罗婷婷', chair: '蒋雯' },
  { pinyin: 'hechuan', nameZh: '合川区妇联', nameEn: "Hechuan District Women's Federation", liaison: '熊凤英', chair: '李玉洁' },
  { pinyin: 'yongchuan', nameZh: '永川区妇联', nameEn: "Yongchuan District Women's Federation", liaison: '周雪梅', chair: '林洁' },
  { pinyin: 'nanchuan', nameZh: '南川区妇联', nameEn: "Nanchuan District Women's Federation", liaison: '彭欣悦', chair: '余丽萍' },
  { pinyin: 'bishan', nameZh: '璧山区妇联', nameEn: "Bishan District Women's Federation", liaison: '邹建英', chair: '杨敏' },
  { pinyin: 'tongliang', nameZh: '铜梁区妇联', nameEn: "Tongliang District Women's Federation", liaison: '胡倩', chair: '谭艳' },
  { pinyin: 'tongnan', nameZh: '潼南区妇联', nameEn: "Tongnan District Women's Federation", liaison: '曾明月', chair: '蒲晓燕' },
  { pinyin: 'rongchang', nameZh: '荣昌区妇联', nameEn: "Rongchang District Women's Federation", liaison: '张慧', chair: '吴思雨' },
  { pinyin: 'kaizhou', nameZh: '开州区妇联', nameEn: "Kaizhou District Women's Federation", liaison: '何晓红', chair: '邓永红' },
  { pinyin: 'liangping', nameZh: '梁平区妇联', nameEn: "Liangping District Women's Federation", liaison: '田静', chair: '程蓉' },
  { pinyin: 'wulong', nameZh: '武隆区妇联', nameEn: "Wulong District Women's Federation", liaison: '黄雅琴', chair: '朱秋菊' },
  { pinyin: 'chengkou', nameZh: '城口县妇联', nameEn: "Chengkou County Women's Federation", liaison: '冉秀英', chair: '谢琳' },
  { pinyin: 'fengdu', nameZh: '丰都县妇联', nameEn: "Fengdu County Women's Federation", liaison: '游佳怡', chair: '刘美玲' },
  { pinyin: 'dianjiang', nameZh: '垫江县妇联', nameEn: "Dianjiang County Women's Federation", liaison: '徐晓梅', chair: '郭红霞' },
  { pinyin: 'zhongxian', nameZh: '忠县妇联', nameEn: "Zhong County Women's Federation", liaison: '唐燕', chair: '秦海燕' },
  { pinyin: 'yunyang', nameZh: '云阳县妇联', nameEn: "Yunyang County Women's Federation", liaison: '王巧玲', chair: '赵丽华' },
  { pinyin: 'fengjie', nameZh: '奉节县妇联', nameEn: "Fengjie County Women's Federation", liaison: '高丹', chair: '向娟' },
  { pinyin: 'wushan', nameZh: '巫山县妇联', nameEn: "Wushan County Women's Federation", liaison: '袁淑芬', chair: '韩利群' },
  { pinyin: 'wuxi', nameZh: '巫溪县妇联', nameEn: "Wuxi County Women's Federation", liaison: '陈玉兰', chair: '孙晓霞' },
  {
    pinyin: 'shizhu',
    nameZh: '石柱土家族自治县妇联',
    nameEn: "Shizhu Tujia Autonomous County Women's Federation",
    liaison: '罗文静',
    chair: '蒋春燕',
  },
  {
    pinyin: 'xiushan',
    nameZh: '秀山土家族苗族自治县妇联',
    nameEn: "Xiushan Tujia and Miao Autonomous County Women's Federation",
    liaison: '熊丽娟',
    chair: '李芳',
  },
  {
    pinyin: 'youyang',
    nameZh: '酉阳土家族苗族自治县妇联',
    nameEn: "Youyang Tujia and Miao Autonomous County Women's Federation",
    liaison: '周莉',
    chair: '林桂兰',
  },
  {
    pinyin: 'pengshui',
    nameZh: '彭水苗族土家族自治县妇联',
    nameEn: "Pengshui Miao and Tujia Autonomous County Women's Federation",
    liaison: '彭素华',
    chair: '余春梅',
  },
  { pinyin: 'liangjiang', nameZh: '两江新区妇联', nameEn: "Liangjiang New Area Women's Federation", liaison: '邹萍', chair: '杨晓琴' },
  {
    pinyin: 'wansheng',
    nameZh: '万盛经开区妇联',
    nameEn: "Wansheng Economic Development Zone Women's Federation",
    liaison: '胡小琴',
    chair: '谭亚玲',
  },
];

/** 机关妇委会: women's committees of government organs, state enterprises and universities. */
const AGENCY_COMMITTEES: { code: string; nameZh: string; nameEn: string; liaison: string }[] = [
  { code: 'agency-municipal-organs', nameZh: '市级机关妇工委', nameEn: "Women's Work Committee of Municipal Government Organs", liaison: '曾婷婷' },
  { code: 'agency-state-enterprises', nameZh: '市属国有企业妇工委', nameEn: "Women's Work Committee of Municipal State-Owned Enterprises", liaison: '蒲雯' },
  { code: 'agency-universities', nameZh: '市属高校妇工委', nameEn: "Women's Work Committee of Municipal Universities", liaison: '张凤英' },
];

/** Member units of the municipal government's women & children committee (妇儿工委), invited to M5. */
const WCC_MEMBERS: { code: string; nameZh: string; nameEn: string; liaison: string }[] = [
  { code: 'wcc-education', nameZh: '市教委', nameEn: 'Municipal Education Commission', liaison: '吴玉洁' },
  { code: 'wcc-civil-affairs', nameZh: '市民政局', nameEn: 'Municipal Civil Affairs Bureau', liaison: '何雪梅' },
  { code: 'wcc-public-security', nameZh: '市公安局', nameEn: 'Municipal Public Security Bureau', liaison: '邓洁' },
  { code: 'wcc-health', nameZh: '市卫生健康委', nameEn: 'Municipal Health Commission', liaison: '田欣悦' },
  { code: 'wcc-human-resources', nameZh: '市人力社保局', nameEn: 'Municipal Human Resources and Social Security Bureau', liaison: '程丽萍' },
  { code: 'wcc-justice', nameZh: '市司法局', nameEn: 'Municipal Justice Bureau', liaison: '黄建英' },
  { code: 'wcc-statistics', nameZh: '市统计局', nameEn: 'Municipal Statistics Bureau', liaison: '朱敏' },
];

/** 执委: executive-committee members, from the federation and from district federations. */
const EXEC_MEMBERS: { displayName: string; unitCode: string }[] = [
  { displayName: '冉倩', unitCode: LEADERSHIP },
  { displayName: '谢艳', unitCode: LEADERSHIP },
  { displayName: '游明月', unitCode: 'district-yuzhong' },
  { displayName: '刘晓燕', unitCode: 'district-wanzhou' },
  { displayName: '徐慧', unitCode: 'district-fuling' },
  { displayName: '郭思雨', unitCode: 'district-jiangjin' },
  { displayName: '唐晓红', unitCode: 'district-youyang' },
  { displayName: '秦永红', unitCode: 'district-liangjiang' },
];

export const districtCode = (pinyin: string) => `district-${pinyin}`;
/** `dept-family-children` → `family-children`; other prefixes stay (`fed-office`, `wcc-office`). */
const staffSuffix = (unitCode: string) => unitCode.replace(/^dept-/, '');
/** `wcc-education` → `education`, `agency-universities` → `universities`. */
const memberSuffix = (unitCode: string) => unitCode.replace(/^(wcc|agency)-/, '');

export const SEED_UNITS: SeedUnit[] = [
  ...FEDERATION,
  ...DISTRICTS.map((d, i) => ({ code: districtCode(d.pinyin), nameZh: d.nameZh, nameEn: d.nameEn, kind: 'district' as const, sortOrder: 100 + i })),
  ...AGENCY_COMMITTEES.map((a, i) => ({ code: a.code, nameZh: a.nameZh, nameEn: a.nameEn, kind: 'agency-committee' as const, sortOrder: 200 + i })),
  ...WCC_MEMBERS.map((w, i) => ({ code: w.code, nameZh: w.nameZh, nameEn: w.nameEn, kind: 'wcc-member' as const, sortOrder: 300 + i })),
];

const holder = (username: string, displayName: string, unitCode: string, role: RoleCode): SeedUser => ({
  username,
  displayName,
  unitCode,
  roles: [{ role, unitCode }],
});

export const DEMO_USERS: SeedUser[] = [
  holder('admin', '系统管理员', 'fed-office', 'admin'),
  holder('chair', '张明华', LEADERSHIP, 'chair'),
  {
    ...holder('vice-chair-1', '李晓玲', LEADERSHIP, 'vice-chair'),
    inChargeOf: ['dept-organisation', 'dept-publicity', 'fed-office', 'wcc-office'],
  },
  {
    ...holder('vice-chair-2', '王丽娟', LEADERSHIP, 'vice-chair'),
    inChargeOf: ['dept-family-children', 'dept-development', 'dept-rights', 'dept-liaison'],
  },
  ...Object.entries(DEPARTMENT_STAFF).flatMap(([unit, staff]) => [
    holder(`head-${staffSuffix(unit)}`, staff.head, unit, 'department-head'),
    holder(`organiser-${staffSuffix(unit)}`, staff.organiser, unit, 'organiser'),
  ]),
  ...DISTRICTS.flatMap((d) => [
    holder(`liaison-${d.pinyin}`, d.liaison, districtCode(d.pinyin), 'district-liaison'),
    holder(`district-chair-${d.pinyin}`, d.chair, districtCode(d.pinyin), 'district-chair'),
  ]),
  ...[...WCC_MEMBERS, ...AGENCY_COMMITTEES].map((m) => holder(`member-${memberSuffix(m.code)}`, m.liaison, m.code, 'member-liaison')),
  ...EXEC_MEMBERS.map((e, i) => holder(`exec-${i + 1}`, e.displayName, e.unitCode, 'exec-member')),
];

export const demoEmail = (username: string) => `${username}@fulian.example`;
