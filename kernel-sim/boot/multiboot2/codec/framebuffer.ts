/** Codecs of the display tags: framebuffer (8) and VBE (7). */
import type { FramebufferColor, FramebufferTag, VbeTag } from '../tags.js';
import type { TagCodec } from './codec.js';

const FB_INDEXED = 0;
const FB_RGB = 1;
const FB_TEXT = 2;

export const framebufferCodec: TagCodec<FramebufferTag> = {
  decode: (r) => {
    const addr = r.u64('framebuffer_addr');
    const pitch = r.u32('framebuffer_pitch');
    const width = r.u32('framebuffer_width');
    const height = r.u32('framebuffer_height');
    const bpp = r.u8('framebuffer_bpp');
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
      color = {
        kind: 'rgb',
        redPosition: r.u8('red_field_position'), redSize: r.u8('red_mask_size'),
        greenPosition: r.u8('green_field_position'), greenSize: r.u8('green_mask_size'),
        bluePosition: r.u8('blue_field_position'), blueSize: r.u8('blue_mask_size'),
      };
    } else if (fbType === FB_TEXT) {
      color = { kind: 'text' };
    } else {
      color = { kind: 'other', fbType };
    }
    return { type: 8, addr, pitch, width, height, bpp, reserved, color };
  },
  encode: (w, t) => {
    w.u64(t.addr, 'framebuffer_addr');
    w.u32(t.pitch, 'framebuffer_pitch');
    w.u32(t.width, 'framebuffer_width');
    w.u32(t.height, 'framebuffer_height');
    w.u8(t.bpp, 'framebuffer_bpp');
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
      w.u8(c.redPosition, 'red_field_position');
      w.u8(c.redSize, 'red_mask_size');
      w.u8(c.greenPosition, 'green_field_position');
      w.u8(c.greenSize, 'green_mask_size');
      w.u8(c.bluePosition, 'blue_field_position');
      w.u8(c.blueSize, 'blue_mask_size');
    }
  },
};

export const vbeCodec: TagCodec<VbeTag> = {
  decode: (r) => ({
    type: 7,
    mode: r.u16('vbe_mode'),
    interfaceSeg: r.u16('vbe_interface_seg'),
    interfaceOff: r.u16('vbe_interface_off'),
    interfaceLen: r.u16('vbe_interface_len'),
    controlInfo: r.bytesOf(512, 'vbe_control_info'),
    modeInfo: r.bytesOf(256, 'vbe_mode_info'),
  }),
  encode: (w, t) => {
    w.u16(t.mode, 'vbe_mode');
    w.u16(t.interfaceSeg, 'vbe_interface_seg');
    w.u16(t.interfaceOff, 'vbe_interface_off');
    w.u16(t.interfaceLen, 'vbe_interface_len');
    w.bytes(t.controlInfo);
    w.bytes(t.modeInfo);
  },
};
