// The Ant Design theme: the federation's rose, and text colours that pass GB/T 37668 / WCAG 2.0 AA
// (4.5:1 for body text) on white and on the page's #f5f5f7. Ant Design's defaults do not: its
// tertiary grey (#8c8c8c) reads 3.4:1, its link blue 4.1:1, the green and orange of its status tags 2–3:1.
import type { ThemeConfig } from 'antd';

/**
 * The greys, as black over the background so they follow it. 0.56 is the lightest that still reads
 * 4.5:1 on #f5f5f5 (a table's hovered row, a disabled field's box); 0.45 and 0.25 did not.
 */
export const TEXT_TERTIARY = 'rgba(0, 0, 0, 0.56)';

export const appTheme: ThemeConfig = {
  token: {
    colorPrimary: '#c2185b',
    // Status colours are the text of Tags, Typography types and danger buttons: each the shade that
    // reads at least 4.5:1 on white and on its own tinted background (Ant Design's palette 7 or 8).
    colorInfo: '#0958d9',
    colorLink: '#0958d9',
    colorSuccess: '#237804',
    // Derived from so dark a green, the tint would be a grey (#adb8a5, 2.7:1): Ant Design's own light green.
    colorSuccessBg: '#f6ffed',
    colorSuccessBorder: '#b7eb8f',
    colorWarning: '#ad4e00',
    colorError: '#cf1322',
    colorTextTertiary: TEXT_TERTIARY,
    colorTextDescription: TEXT_TERTIARY,
    colorTextPlaceholder: TEXT_TERTIARY,
    borderRadius: 6,
    fontFamily: "-apple-system, 'PingFang SC', 'Microsoft YaHei', 'Noto Sans CJK SC', 'Helvetica Neue', Arial, sans-serif",
  },
};
