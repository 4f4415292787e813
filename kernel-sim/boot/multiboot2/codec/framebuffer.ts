/** Codecs of the display tags: framebuffer (8) and VBE (7). */
import type { FramebufferColor, FramebufferTag, VbeTag } from '../tags.js';
import type { TagCodec } from './codec.js';
import { fieldTable } from './fields.js';

const FB_INDEXED = 0;
const FB_RGB = 1;
const FB_TEXT = 2;

const FB_COMMON = fieldTable<FramebufferTag>()(
  ['addr', 'u64', 'framebuffer_addr'], ['pitch', 'u32', 'framebuffer_pitch'], ['width', 'u32', 'framebuffer_width'],
  ['height', 'u32', 'framebuffer_height'], ['bpp', 'u8', 'framebuffer_bpp'],
);
type Rgb = Extract<FramebufferColor, { kind: 'rgb' }>;
const RGB_FIELDS = fieldTable<Rgb>()(
  ['redPosition', 'u8', 'red_field_position'], ['redSize', 'u8', 'red_mask_size'],
  ['greenPosition', 'u8', 'green_field_position'], ['greenSize', 'u8', 'green_mask_size'],
  ['bluePosition', 'u8', 'blue_field_position'], ['blueSize', 'u8', 'blue_mask_size'],
);

export const framebufferCodec: TagCodec<FramebufferTag> = {
  decode: (r) => {
    const { addr, pitch, width, height, bpp } = FB_COMMON.read(r);
    const fbType = r.u8('framebuffer_type');
    // GRUB writes a u16 here (struct multiboot_tag_framebuffer_common); the spec text shows a u8.
    const reserved = r.u16('reserved');
    let color: FramebufferColor;
    if (fbType === FB_INDEXED) {
      const n = r.u16('framebuffer_palette_num_colors');
      const palette = [];
      for (let i = 0; i < n; i++) palette.push({ r: r.u8('red'), g: r.u8('green'), b: r.u8('blue') });
      color = { kind: 'indexed', palette };
    } else if (fbType === FB_RGB) {
      color = { kind: 'rgb', ...RGB_FIELDS.read(r) };
    } else if (fbType === FB_TEXT) {
      color = { kind: 'text' };
    } else {
      color = { kind: 'other', fbType };
    }
    return { type: 8, addr, pitch, width, height, bpp, reserved, color };
  },
  encode: (w, t) => {
    FB_COMMON.write(w, t);
    const c = t.color;
    w.u8(c.kind === 'indexed' ? FB_INDEXED : c.kind === 'rgb' ? FB_RGB : c.kind === 'text' ? FB_TEXT : c.fbType, 'framebuffer_type');
    w.u16(t.reserved, 'reserved');
    if (c.kind === 'indexed') {
      w.u16(c.palette.length, 'framebuffer_palette_num_colors');
      for (const p of c.palette) {
        w.u8(p.r, 'red');
        w.u8(p.g, 'green');
        w.u8(p.b, 'blue');
      }
    } else if (c.kind === 'rgb') {
      RGB_FIELDS.write(w, c);
    }
  },
};

const VBE = fieldTable<VbeTag>()(
  ['mode', 'u16', 'vbe_mode'], ['interfaceSeg', 'u16', 'vbe_interface_seg'],
  ['interfaceOff', 'u16', 'vbe_interface_off'], ['interfaceLen', 'u16', 'vbe_interface_len'],
);
export const vbeCodec: TagCodec<VbeTag> = {
  decode: (r) => ({
    type: 7,
    ...VBE.read(r),
    controlInfo: r.bytesOf(512, 'vbe_control_info'),
    modeInfo: r.bytesOf(256, 'vbe_mode_info'),
  }),
  encode: (w, t) => {
    VBE.write(w, t);
    w.bytes(t.controlInfo);
    w.bytes(t.modeInfo);
  },
};
